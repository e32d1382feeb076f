using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WorkerFleet.Transport;

/// <summary>
/// Reads how many tasks are ready (delivered ones not counted) and how many consumers a queue has,
/// with a passive declare.
/// A missing queue answers 404 and closes the channel, so the probe has channels of its own and
/// reports null for a missing queue. Probes may run at once: each borrows an idle channel (opening
/// one when none is idle), because a channel answers one declare at a time and, on a loaded broker,
/// four declares one after another took as long as a heartbeat interval (the balancer's lost-worker
/// check, measured in the churn bench). At most <see cref="MaxChannels"/> run at once, the rest
/// wait: unbounded, a balancer probing 1,000 late workers opened a channel per queue until the
/// connection refused more (2,047) and its memory doubled.
/// </summary>
public sealed class QueueProbe(IConnection connection) : IAsyncDisposable
{
    /// <summary>
    /// Probes in flight at most, and so channels held: eight late workers' four queues. With 8, a
    /// loaded churn bench (several workers' heartbeats late at once) queued the dead worker's
    /// probes behind live ones and found it lost ~70 ms later on average.
    /// </summary>
    public const int MaxChannels = 32;

    private readonly ConcurrentBag<IChannel> _idle = [];
    private readonly SemaphoreSlim _inFlight = new(MaxChannels, MaxChannels);
    private volatile bool _disposed;

    public async Task<long?> ReadyCountAsync(string queue, CancellationToken ct) =>
        (await DeclarePassiveAsync(queue, ct))?.MessageCount;

    /// <summary>
    /// The queue's ready count and consumers (null when it is missing). The broker drops a consumer
    /// the moment its connection closes, which on a killed process is at once: fresher than any heartbeat.
    /// </summary>
    public async Task<QueueDeclareOk?> DeclarePassiveAsync(string queue, CancellationToken ct)
    {
        await _inFlight.WaitAsync(ct);
        try
        {
            var channel = await BorrowAsync(ct);
            try
            {
                return await channel.QueueDeclarePassiveAsync(queue, ct);
            }
            catch (OperationInterruptedException)
            {
                return null;
            }
            finally
            {
                await ReturnAsync(channel);
            }
        }
        finally
        {
            _inFlight.Release();
        }
    }

    /// <summary>Opens up to <paramref name="count"/> idle channels ahead of the first probes.</summary>
    public async Task OpenChannelsAsync(int count, CancellationToken ct)
    {
        for (var i = _idle.Count; i < Math.Min(count, MaxChannels); i++)
        {
            _idle.Add(await connection.CreateChannelAsync(cancellationToken: ct));
        }
    }

    private async Task<IChannel> BorrowAsync(CancellationToken ct)
    {
        while (_idle.TryTake(out var channel))
        {
            if (channel.IsOpen)
            {
                return channel;
            }

            await channel.DisposeAsync();
        }

        return await connection.CreateChannelAsync(cancellationToken: ct);
    }

    private async ValueTask ReturnAsync(IChannel channel)
    {
        if (channel.IsOpen && !_disposed)
        {
            _idle.Add(channel);
        }
        else
        {
            await channel.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        while (_idle.TryTake(out var channel))
        {
            await channel.DisposeAsync();
        }
    }
}
