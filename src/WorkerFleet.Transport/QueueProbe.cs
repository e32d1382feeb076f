using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace WorkerFleet.Transport;

/// <summary>
/// Reads how many tasks are ready (delivered ones not counted) and how many consumers a queue has,
/// with a passive declare.
/// A missing queue answers 404 and closes the channel, so the probe has its own channel, reopened
/// on demand, and reports null for a missing queue.
/// </summary>
public sealed class QueueProbe(IConnection connection) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async Task<long?> ReadyCountAsync(string queue, CancellationToken ct) =>
        (await DeclarePassiveAsync(queue, ct))?.MessageCount;

    /// <summary>
    /// Consumers of the queue (null when it is missing). The broker drops a consumer the moment its
    /// connection closes, which on a killed process is at once: fresher than any heartbeat.
    /// </summary>
    public async Task<long?> ConsumerCountAsync(string queue, CancellationToken ct) =>
        (await DeclarePassiveAsync(queue, ct))?.ConsumerCount;

    private async Task<QueueDeclareOk?> DeclarePassiveAsync(string queue, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_channel is not { IsOpen: true })
            {
                _channel = await connection.CreateChannelAsync(cancellationToken: ct);
            }

            return await _channel.QueueDeclarePassiveAsync(queue, ct);
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
