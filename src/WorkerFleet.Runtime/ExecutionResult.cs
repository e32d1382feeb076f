using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>How running a task ended: completed, or the dead-letter reason and why.</summary>
public sealed record ExecutionResult(string Outcome, int Attempts, string? Detail)
{
    public const string Completed = "completed";

    /// <summary>Not run: this worker's breaker for the kind is open; the task goes to peers.</summary>
    public const string HandedBack = "handed-back";

    public bool Succeeded => Outcome == Completed;

    public static ExecutionResult Success(int attempts) => new(Completed, attempts, null);

    public static ExecutionResult Failure(int attempts, string detail) => new(DeadLetterReason.HandlerFailed, attempts, detail);

    public static ExecutionResult BreakerOpen(string kind) => new(HandedBack, 0, $"circuit breaker for kind '{kind}' is open on this worker");

    public static ExecutionResult TimedOut(int attempts, TimeSpan timeout) =>
        new(DeadLetterReason.Timeout, attempts, $"handler did not finish within {timeout.TotalSeconds:0.###} s");
}
