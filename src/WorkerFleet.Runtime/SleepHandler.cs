using System.Text.Json;

namespace WorkerFleet.Runtime;

/// <summary>
/// Kind <c>sleep</c>: payload <c>{"ms": N}</c>; waits N ms divided by the worker's speed. The
/// stand-in for real work in tests and benchmarks, so it lasts as asked on average
/// (<see cref="PreciseDelay.DelayOnAverage"/>): a benchmark's sum of durations is what it planned.
/// A missing or bad "ms" fails the task.
/// </summary>
public sealed class SleepHandler : ITaskHandler
{
    public const string Kind = "sleep";

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        var payload = context.Task.Payload;
        if (payload.ValueKind != JsonValueKind.Object
            || !payload.TryGetProperty("ms", out var msElement)
            || !msElement.TryGetDouble(out var ms)
            || ms < 0 || !double.IsFinite(ms))
        {
            throw new ArgumentException("sleep needs a payload {\"ms\": N} with N >= 0");
        }

        var duration = TimeSpan.FromMilliseconds(ms / context.Speed);
        return PreciseDelay.DelayOnAverage(duration, context.Clock, cancellationToken);
    }
}
