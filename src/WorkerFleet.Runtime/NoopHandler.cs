namespace WorkerFleet.Runtime;

/// <summary>Kind <c>noop</c>: accepts any payload and does nothing (throughput benchmarks).</summary>
public sealed class NoopHandler : ITaskHandler
{
    public const string Kind = "noop";

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
