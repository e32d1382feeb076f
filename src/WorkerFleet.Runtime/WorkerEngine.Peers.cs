using RabbitMQ.Client;
using WorkerFleet.Contracts;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    /// <summary>A worker's points on the peer-sample ring: enough for even shares, the same for every worker.</summary>
    private const string PeerSamplePoints = "20";

    private readonly SemaphoreSlim _hearingGate = new(1, 1);
    private bool _hearingSample;
    private DateTimeOffset? _hearingEveryoneSince;

    /// <summary>
    /// No balancer answers: hear a sample of the peers' heartbeats (<see cref="PeerDirectory"/>), for
    /// stealing by power of two choices. Each heartbeat reaches one of the workers that sample, so
    /// the fleet's heartbeats stay N deliveries per interval however many workers are idle; a
    /// worker that heard every heartbeat all the time made them N² (docs/architecture.md, "No
    /// balancer"). Binds again on every call (one round trip once sampling): a reconnect of the bus
    /// recreates its auto-deleted exchange and queue with MassTransit's bindings only.
    /// </summary>
    public async Task HearPeerSampleAsync(CancellationToken ct)
    {
        await BindAsync(async channel =>
        {
            // The exchanges outlive the worker; only its own binding may have gone with a reconnect.
            // A refused bind declares them again next time.
            var declared = _hearingSample;
            _hearingSample = false;
            if (!declared)
            {
                await DeclarePeerSampleAsync(channel, ct);
            }

            await channel.ExchangeBindAsync(ControlEndpoints.Worker(_options.Id), ControlEndpoints.PeerSample, PeerSamplePoints, cancellationToken: ct);
            _hearingSample = true;
            if (!declared)
            {
                LogHearingPeers(_options.Id, "a sample of its peers'");
            }
        }, ct);
    }

    /// <summary>
    /// A stop: hear every peer's heartbeat, as releasing the queues needs (<see cref="Messaging.QueueRelease"/>).
    /// </summary>
    private async Task HearEveryPeerAsync(CancellationToken ct)
    {
        await BindAsync(async channel =>
        {
            await DeclareHeartbeatsAsync(channel, ct);
            await channel.ExchangeBindAsync(ControlEndpoints.Worker(_options.Id), ControlEndpoints.Heartbeats, string.Empty, cancellationToken: ct);
            if (_hearingEveryoneSince is null)
            {
                _hearingEveryoneSince = clock.GetUtcNow();
                LogHearingPeers(_options.Id, "every peer's");
            }
        }, ct);
    }

    /// <summary>A balancer answered: its steal orders replace the peers' heartbeats (kept while draining).</summary>
    public async Task StopHearingPeersAsync(CancellationToken ct)
    {
        if (!_hearingSample || Draining)
        {
            return;
        }

        await BindAsync(async channel =>
        {
            if (_hearingSample && !Draining)
            {
                await channel.ExchangeUnbindAsync(ControlEndpoints.Worker(_options.Id), ControlEndpoints.PeerSample, PeerSamplePoints, cancellationToken: ct);
                _hearingSample = false;
                LogNotHearingPeers(_options.Id);
            }
        }, ct);
    }

    /// <summary>
    /// Waits until every live peer has had the time to beat since this worker began to hear them
    /// all: a peer not heard when the queues are seen empty is not waited for. Two intervals: one
    /// for the peer's timer, one for a heartbeat that queued behind a busy broker.
    /// </summary>
    private async Task AwaitEveryPeerHeardAsync(CancellationToken ct)
    {
        var since = _hearingEveryoneSince ?? clock.GetUtcNow();
        var wait = since + (2 * _options.HeartbeatInterval) - clock.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, clock, ct);
        }
    }

    /// <summary>
    /// Changes the bindings of the exchange MassTransit puts in front of the control queue (the queue
    /// is exclusive to the bus's connection), one change at a time, on a channel of its own: a
    /// refused binding closes its channel.
    /// </summary>
    private async Task BindAsync(Func<IChannel, Task> change, CancellationToken ct)
    {
        await _hearingGate.WaitAsync(ct);
        try
        {
            await using var channel = await _connection!.CreateChannelAsync(cancellationToken: ct);
            await change(channel);
        }
        finally
        {
            _hearingGate.Release();
        }
    }

    /// <summary>Declared as MassTransit does on its first publish: no peer may have published yet.</summary>
    private static Task DeclareHeartbeatsAsync(IChannel channel, CancellationToken ct) =>
        channel.ExchangeDeclareAsync(ControlEndpoints.Heartbeats, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);

    /// <summary>
    /// The sample ring: a consistent-hash exchange on each heartbeat's message id (MassTransit sets
    /// a new one per message), fed by the heartbeat exchange, so every heartbeat goes to one
    /// sampling worker chosen at random.
    /// </summary>
    private static async Task DeclarePeerSampleAsync(IChannel channel, CancellationToken ct)
    {
        await DeclareHeartbeatsAsync(channel, ct);
        await channel.ExchangeDeclareAsync(ControlEndpoints.PeerSample, "x-consistent-hash", durable: true, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["hash-property"] = "message_id" }, cancellationToken: ct);
        await channel.ExchangeBindAsync(ControlEndpoints.PeerSample, ControlEndpoints.Heartbeats, string.Empty, cancellationToken: ct);
    }
}
