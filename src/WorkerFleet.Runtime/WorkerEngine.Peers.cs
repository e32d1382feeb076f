using RabbitMQ.Client;
using WorkerFleet.Contracts;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    private readonly SemaphoreSlim _hearingGate = new(1, 1);
    private DateTimeOffset? _hearingPeersSince;

    /// <summary>
    /// Binds this worker's control queue to every peer's heartbeat (<see cref="PeerDirectory"/>), for
    /// as long as it needs them: while no balancer answers its steal requests (power of two choices)
    /// and while it stops (<see cref="Messaging.QueueRelease"/>). A worker that heard every heartbeat
    /// all the time made the fleet's heartbeats N² deliveries per interval (docs/architecture.md,
    /// "No balancer"). The binding goes to the exchange MassTransit puts in front of the queue: the
    /// queue is exclusive to the bus's connection. Binds again on every call: a reconnect of the bus
    /// recreates its auto-deleted exchange and queue with MassTransit's bindings only.
    /// </summary>
    public async Task HearPeersAsync(CancellationToken ct)
    {
        await _hearingGate.WaitAsync(ct);
        try
        {
            await using var channel = await _connection!.CreateChannelAsync(cancellationToken: ct);

            // Declared as MassTransit does on its first publish: no peer may have published yet.
            await channel.ExchangeDeclareAsync(ControlEndpoints.Heartbeats, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.ExchangeBindAsync(ControlEndpoints.Worker(_options.Id), ControlEndpoints.Heartbeats, string.Empty, cancellationToken: ct);
            if (_hearingPeersSince is null)
            {
                _hearingPeersSince = clock.GetUtcNow();
                LogHearingPeers(_options.Id);
            }
        }
        finally
        {
            _hearingGate.Release();
        }
    }

    /// <summary>A balancer answered: its steal orders replace the peers' heartbeats (kept while draining).</summary>
    public async Task StopHearingPeersAsync(CancellationToken ct)
    {
        if (_hearingPeersSince is null || Draining)
        {
            return;
        }

        await _hearingGate.WaitAsync(ct);
        try
        {
            if (_hearingPeersSince is null || Draining)
            {
                return;
            }

            await using var channel = await _connection!.CreateChannelAsync(cancellationToken: ct);
            await channel.ExchangeUnbindAsync(ControlEndpoints.Worker(_options.Id), ControlEndpoints.Heartbeats, string.Empty, cancellationToken: ct);
            _hearingPeersSince = null;
            LogNotHearingPeers(_options.Id);
        }
        finally
        {
            _hearingGate.Release();
        }
    }

    /// <summary>
    /// Waits until every live peer has had the time to beat since this worker began to hear them:
    /// a peer not heard when the queues are seen empty is not waited for. Two intervals: one for the
    /// peer's timer, one for a heartbeat that queued behind a busy broker.
    /// </summary>
    private async Task AwaitEveryPeerHeardAsync(CancellationToken ct)
    {
        var since = _hearingPeersSince ?? clock.GetUtcNow();
        var wait = since + (2 * _options.HeartbeatInterval) - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }
}
