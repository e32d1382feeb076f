using BenchmarkDotNet.Attributes;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Benchmarks;

/// <summary>
/// 10,000 mixed tasks through a <see cref="LocalScheduler{T}"/>: all enqueued, then all dequeued.
/// A tenth are critical with deadlines, the rest spread over high, normal and low among 8 tenants,
/// some with a cost.
/// </summary>
[MemoryDiagnoser]
public class LocalSchedulerBenchmarks
{
    private const int Tasks = 10_000;

    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private SchedulingInfo[] _tasks = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20250101);
        var tenants = Enumerable.Range(0, 8).Select(t => $"tenant-{t}").ToArray();
        _tasks = new SchedulingInfo[Tasks];
        for (var i = 0; i < Tasks; i++)
        {
            _tasks[i] = random.Next(10) == 0
                ? new SchedulingInfo(TaskLevel.Critical, null, Now.AddMilliseconds(random.Next(1, 5_000)), null)
                : new SchedulingInfo(
                    TaskLevels.All[random.Next(1, 4)],
                    tenants[random.Next(tenants.Length)],
                    null,
                    random.Next(2) == 0 ? null : random.Next(1, 100));
        }
    }

    /// <returns>A checksum of the dequeue order, so the work cannot be optimised away.</returns>
    [Benchmark]
    public long EnqueueThenDequeueAll()
    {
        var scheduler = new LocalScheduler<int>();
        for (var i = 0; i < _tasks.Length; i++)
        {
            scheduler.Enqueue(i, _tasks[i], Now);
        }

        long checksum = 0;
        var position = 0;
        while (scheduler.TryDequeue(Now, out var task))
        {
            checksum += (long)task * ++position;
        }

        return checksum;
    }
}
