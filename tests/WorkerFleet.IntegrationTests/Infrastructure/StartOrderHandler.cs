using System.Collections.Concurrent;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Kind "probe": records the order in which tasks START, then sleeps payload.ms.</summary>
public sealed class StartOrderHandler : ITaskHandler
{
    public const string Kind = "probe";
    private readonly ConcurrentQueue<string> _started = new();

    public IReadOnlyList<string> Started => _started.ToArray();

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        _started.Enqueue(context.Task.Id);
        var ms = context.Task.Payload.TryGetProperty("ms", out var value) ? value.GetInt32() : 0;
        return Task.Delay(ms, cancellationToken);
    }
}
