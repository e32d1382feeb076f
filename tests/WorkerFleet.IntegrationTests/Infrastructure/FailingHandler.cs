using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Kind "fail": always throws; counts its attempts.</summary>
public sealed class FailingHandler : ITaskHandler
{
    public const string Kind = "fail";
    private int _attempts;

    public int Attempts => _attempts;

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        throw new InvalidOperationException("this handler always fails");
    }
}
