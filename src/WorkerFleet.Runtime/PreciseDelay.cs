namespace WorkerFleet.Runtime;

/// <summary>
/// Delays that end on time: one dedicated thread waits for the earliest due time and hands each
/// due delay to the thread pool. Measured on this project's 2-core machine (load 9), Task.Delay of
/// 10 ms took 11.1 ms median and 14.7 ms p90, of 13 ms 15.7 ms median; this took 10.06 / 10.11 and
/// 13.06 / 13.12. Work that stands for a known duration (the sleep handler, which every benchmark
/// uses) would otherwise measure timer slack instead of scheduling. <see cref="DelayOnAverage"/>
/// also takes the hop from the waiter to the pool out of the wait, on average. The waiter never spins: it
/// waits whole milliseconds, then sleeps the rest to the due timestamp (a first version spun
/// through the last millisecond and burnt half a core per process at 16 slots of 5-35 ms sleeps).
/// </summary>
public static class PreciseDelay
{
    private static readonly TimeProvider System = TimeProvider.System;
    private static readonly object Gate = new(); // not a Lock: the waiter needs Monitor.Wait and Pulse
    private static readonly PriorityQueue<TaskCompletionSource, long> Due = new();

    /// <summary>How much earlier than due <see cref="DelayOnAverage"/> ends its waits.</summary>
    private static readonly LatenessLead Lead = new();

    /// <summary>The last part of a wait (1-2 ms), slept to the timestamp instead of to the millisecond.</summary>
    private static readonly TimeSpan FinalStretch = TimeSpan.FromMilliseconds(2);

    static PreciseDelay()
    {
        new Thread(WaitForDueDelays) { IsBackground = true, Name = "precise-delay" }.Start();
    }

    /// <summary>
    /// A task that completes <paramref name="duration"/> from now on <paramref name="clock"/>, or is
    /// canceled with <paramref name="ct"/>. Any clock but the system's (a test's fake clock) gets
    /// its own Task.Delay: that clock decides when time passes.
    /// </summary>
    public static Task Delay(TimeSpan duration, TimeProvider clock, CancellationToken ct)
    {
        if (!ReferenceEquals(clock, System))
        {
            return Task.Delay(duration, clock, ct);
        }

        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled(ct);
        }

        if (duration <= TimeSpan.Zero)
        {
            return Task.CompletedTask;
        }

        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dueAt = System.GetTimestamp() + (long)(duration.TotalSeconds * System.TimestampFrequency);
        lock (Gate)
        {
            // The waiter sleeps towards the earliest due time: wake it only when this one is earlier
            // (a wake-up per delay cost a context switch per task on the 2-core bench machine).
            var earliest = !Due.TryPeek(out _, out var earliestDueAt) || dueAt < earliestDueAt;
            Due.Enqueue(completion, dueAt);
            if (earliest)
            {
                Monitor.Pulse(Gate);
            }
        }

        if (!ct.CanBeCanceled)
        {
            return completion.Task;
        }

        // A canceled delay stays queued until its due time; completing it then is a no-op.
        return UntilDoneAsync(completion.Task, ct.Register(() => completion.TrySetCanceled(ct)));

        static async Task UntilDoneAsync(Task delay, CancellationTokenRegistration registration)
        {
            using (registration)
            {
                await delay;
            }
        }
    }

    /// <summary>
    /// Like <see cref="Delay"/>, but the awaiting code resumes <paramref name="duration"/> later on
    /// average rather than never before it: the wait ends early by the measured hop from the
    /// waiter to the pool (<see cref="LatenessLead"/>). For work that stands for a duration, whose
    /// sum must be what was asked. Other clocks than the system's wait exactly.
    /// </summary>
    public static async Task DelayOnAverage(TimeSpan duration, TimeProvider clock, CancellationToken ct)
    {
        if (!ReferenceEquals(clock, System))
        {
            await Task.Delay(duration, clock, ct);
            return;
        }

        var started = System.GetTimestamp();
        await Delay(duration - Lead.Current, clock, ct);
        Lead.Observe(duration, System.GetElapsedTime(started));
    }

    private static void WaitForDueDelays()
    {
        MonotonicClock.TightenTimerSlack();
        var ready = new List<TaskCompletionSource>();
        while (true)
        {
            long? finalDueAt = null;
            lock (Gate)
            {
                while (ready.Count == 0 && finalDueAt is null)
                {
                    if (!Due.TryPeek(out _, out var dueAt))
                    {
                        Monitor.Wait(Gate);
                        continue;
                    }

                    var remaining = System.GetElapsedTime(System.GetTimestamp(), dueAt);
                    if (remaining >= FinalStretch)
                    {
                        // Monitor.Wait counts whole milliseconds (truncated): wake within the final
                        // stretch, or earlier when a delay due sooner arrives.
                        Monitor.Wait(Gate, (int)remaining.TotalMilliseconds - 1);
                    }
                    else if (remaining > TimeSpan.Zero)
                    {
                        finalDueAt = dueAt;
                    }
                    else
                    {
                        while (Due.TryPeek(out _, out dueAt) && dueAt <= System.GetTimestamp())
                        {
                            ready.Add(Due.Dequeue());
                        }
                    }
                }
            }

            if (finalDueAt is { } due)
            {
                // Outside the lock, so new delays queue meanwhile (one due within this final
                // stretch ends with this one, at most 2 ms late).
                MonotonicClock.SleepUntil(due);
                continue;
            }

            // Outside the lock: continuations run on the thread pool (RunContinuationsAsynchronously).
            foreach (var completion in ready)
            {
                completion.TrySetResult();
            }

            ready.Clear();
        }
    }
}
