using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>
/// Acks and nacks deliveries of one channel. A delivery can only be settled on the channel that
/// delivered it; settlements from many executor slots are serialised so frames never interleave.
/// </summary>
internal sealed class ChannelSettler(IChannel channel)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _unsettled;

    public IChannel Channel => channel;

    /// <summary>Deliveries of this channel not yet acked or requeued (closing it would requeue them).</summary>
    public int Unsettled => Volatile.Read(ref _unsettled);

    /// <summary>Counts a delivery handed out on this channel.</summary>
    public void Track() => Interlocked.Increment(ref _unsettled);

    public Task AckAsync(ulong deliveryTag) => WithGateAsync(() => channel.BasicAckAsync(deliveryTag, multiple: false));

    public Task RequeueAsync(ulong deliveryTag) => WithGateAsync(() => channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true));

    private async Task WithGateAsync(Func<ValueTask> settle)
    {
        await _gate.WaitAsync();
        try
        {
            await settle();
        }
        finally
        {
            // Settled, or the channel is gone and the broker requeued it: either way no longer ours.
            Interlocked.Decrement(ref _unsettled);
            _gate.Release();
        }
    }
}
