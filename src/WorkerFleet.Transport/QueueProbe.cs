using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WorkerFleet.Transport;

/// <summary>
/// Reads how many tasks are ready (delivered ones not counted) in a queue with a passive declare.
/// A missing queue answers 404 and closes the channel, so the probe has its own channel, reopened
/// on demand, and reports null for a missing queue.
/// </summary>
public sealed class QueueProbe(IConnection connection) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async Task<long?> ReadyCountAsync(string queue, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_channel is not { IsOpen: true })
            {
                _channel = await connection.CreateChannelAsync(cancellationToken: ct);
            }

            var ok = await _channel.QueueDeclarePassiveAsync(queue, ct);
            return ok.MessageCount;
        }
        catch (OperationInterruptedException)
        {
            return null;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
        {
            await _channel.DisposeAsync();
        }
    }
}
