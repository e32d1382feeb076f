namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Waits until a run's fleet processes are idle before its workload is submitted. With tiered
/// compilation off, every method compiles at its first call, so a balancer or a worker keeps a core
/// busy for a second or two after it reports ready and while it serves its first requests (measured
/// on noop: the balancer at 90-140% of a core until 4.3 s into a run whose submission began at 4.4 s;
/// where the two overlapped, the publisher stalled for 250 ms). The raw ceiling runs on a quiet
/// machine; the fleet's run should start on one too.
/// </summary>
public static class FleetSettle
{
    /// <summary>Quiet: the processes together used less than this many cores over one window.</summary>
    public const double QuietCores = 0.2;

    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(250);

    /// <summary>A fleet still busy after this long is measured as it is (the caller says so).</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Returns once a window passed in which the processes used less than <see cref="QuietCores"/>,
    /// or after <see cref="Longest"/>; the result says how long it waited and whether it was quiet.
    /// </summary>
    /// <param name="processorTime">CPU time the processes have used so far.</param>
    /// <param name="clock">Measures the windows and the wait.</param>
    /// <param name="ct">Ends the wait.</param>
    public static async Task<(TimeSpan Waited, bool Quiet)> WaitAsync(Func<TimeSpan> processorTime, TimeProvider clock, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(processorTime);
        ArgumentNullException.ThrowIfNull(clock);
        var start = clock.GetTimestamp();
        while (true)
        {
            var before = processorTime();
            var windowStart = clock.GetTimestamp();
            await Task.Delay(Window, clock, ct);
            var cores = (processorTime() - before) / clock.GetElapsedTime(windowStart);
            var waited = clock.GetElapsedTime(start);
            if (cores < QuietCores || waited >= Longest)
            {
                return (waited, cores < QuietCores);
            }
        }
    }
}
