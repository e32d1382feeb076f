using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>
/// Acks and nacks deliveries of one channel. A delivery can only be settled on the channel that
/// delivered it; settlements from many executor slots are serialised so frames never interleave.
/// </summary>
internal sealed class ChannelSettler(IChannel channel)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IChannel Channel => channel;

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
            _gate.Release();
        }
    }
}
