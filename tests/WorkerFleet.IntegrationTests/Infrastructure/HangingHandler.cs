using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Kind "hang": never returns and ignores its token (the worst handler there is).</summary>
public sealed class HangingHandler : ITaskHandler
{
    public const string Kind = "hang";

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken) => new TaskCompletionSource().Task;
}
