namespace WorkerFleet.Scheduling.Tests;

/// <summary>Shorthands shared by the scheduler tests.</summary>
internal static class SchedulerTestKit
{
    /// <summary>A fixed instant: tests that do not advance it never trigger aging.</summary>
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static SchedulingInfo Info(TaskLevel level, string? tenant = null, DateTimeOffset? deadline = null, double? costMs = null) =>
        new(level, tenant, deadline, costMs);

    public static List<T> DequeueMany<T>(LocalScheduler<T> scheduler, int count, DateTimeOffset now)
    {
        var taken = new List<T>();
        for (var i = 0; i < count && scheduler.TryDequeue(now, out var item); i++)
        {
            taken.Add(item);
        }

        return taken;
    }

    public static List<T> DequeueAll<T>(LocalScheduler<T> scheduler, DateTimeOffset now) => DequeueMany(scheduler, int.MaxValue, now);

    /// <summary>Enqueues <paramref name="count"/> tasks named "{prefix}{i}" at one level.</summary>
    public static void Fill(LocalScheduler<string> scheduler, TaskLevel level, int count, string prefix, DateTimeOffset now, string? tenant = null)
    {
        for (var i = 0; i < count; i++)
        {
            scheduler.Enqueue($"{prefix}{i}", Info(level, tenant), now);
        }
    }
}
