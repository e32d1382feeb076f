namespace WorkerFleet.Runtime;

/// <summary>The observer when no journal is configured.</summary>
internal sealed class NullObserver : IExecutionObserver
{
    public static NullObserver Instance { get; } = new();

    public ValueTask OnSettledAsync(ExecutionRecord record) => ValueTask.CompletedTask;
}
