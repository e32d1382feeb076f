using System.Collections.Concurrent;
using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>What a MassTransit listener heard of the control plane.</summary>
public sealed class HeartbeatSink
{
    private readonly ConcurrentQueue<WorkerHeartbeat> _beats = new();
    private readonly TaskCompletionSource<WorkerLeft> _left = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<WorkerHeartbeat> Beats => _beats.ToArray();

    public WorkerLeft? Left => _left.Task.IsCompletedSuccessfully ? _left.Task.Result : null;

    public async Task WaitAsync(Func<WorkerHeartbeat, bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!Beats.Any(condition))
        {
            await Task.Delay(50, cts.Token);
        }
    }

    public Task WaitForLeftAsync(TimeSpan timeout) => _left.Task.WaitAsync(timeout);

    public sealed class HeartbeatConsumer(HeartbeatSink sink) : IConsumer<WorkerHeartbeat>
    {
        public Task Consume(ConsumeContext<WorkerHeartbeat> context)
        {
            sink._beats.Enqueue(context.Message);
            return Task.CompletedTask;
        }
    }

    public sealed class LeftConsumer(HeartbeatSink sink) : IConsumer<WorkerLeft>
    {
        public Task Consume(ConsumeContext<WorkerLeft> context)
        {
            sink._left.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
