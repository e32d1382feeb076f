using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>
/// Acks and nacks deliveries of one channel, one delivery tag at a time (never <c>multiple</c>),
/// from as many executor slots as finish at once. A delivery can only be settled on the channel
/// that delivered it. No gate serialises them: RabbitMQ.Client 7 channels are thread-safe and a
/// single-tag settlement cannot double-ack (rabbitmq-dotnet-client #1722, #866). The gate this
/// replaced made every completion of a 16-slot worker queue behind the previous one's ack.
/// </summary>
internal sealed class ChannelSettler(IChannel channel)
{
    private int _unsettled;

    public IChannel Channel => channel;

    /// <summary>Deliveries of this channel not yet acked or requeued (closing it would requeue them).</summary>
    public int Unsettled => Volatile.Read(ref _unsettled);

    /// <summary>Counts a delivery handed out on this channel.</summary>
    public void Track() => Interlocked.Increment(ref _unsettled);

    public Task AckAsync(ulong deliveryTag) => SettleAsync(channel.BasicAckAsync(deliveryTag, multiple: false));

    public Task RequeueAsync(ulong deliveryTag) => SettleAsync(channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true));

    private async Task SettleAsync(ValueTask settle)
    {
        try
        {
            await settle;
        }
        finally
        {
            // Settled, or the channel is gone and the broker requeued it: either way no longer ours.
            Interlocked.Decrement(ref _unsettled);
        }
    }
}
