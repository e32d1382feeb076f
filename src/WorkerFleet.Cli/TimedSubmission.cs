using WorkerFleet.Transport;

namespace WorkerFleet.Cli;

/// <summary>
/// Submits scheduled tasks through the SDK: the tasks due so far go out as one confirmed batch,
/// then it waits for the next due time. Due times count from the start, so slow confirms delay
/// later batches but never shift the schedule.
/// </summary>
internal sealed class TimedSubmission(FleetClient client, TimeProvider clock) : IProgress<int>
{
    private int _confirmedBefore;
    private int _confirmed;

    /// <summary>Tasks the broker has confirmed so far (read by the progress line).</summary>
    public int Confirmed => Volatile.Read(ref _confirmed);

    /// <summary>Submits every task; due times count from <paramref name="startTimestamp"/> (of <c>clock</c>).</summary>
    public async Task RunAsync(IReadOnlyList<ScheduledTask> tasks, long startTimestamp, CancellationToken ct)
    {
        var next = 0;
        while (next < tasks.Count)
        {
            var elapsedMs = (long)clock.GetElapsedTime(startTimestamp).TotalMilliseconds;
            var due = next;
            while (due < tasks.Count && tasks[due].SubmitAtMs <= elapsedMs)
            {
                due++;
            }

            if (due == next)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(tasks[next].SubmitAtMs - elapsedMs), clock, ct);
                continue;
            }

            _confirmedBefore = next;
            await client.SubmitBatchAsync(Slice(tasks, next, due), this, ct);
            next = due;
        }
    }

    private static IEnumerable<Scheduling.FleetTask> Slice(IReadOnlyList<ScheduledTask> tasks, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            yield return tasks[i].Task;
        }
    }

    /// <summary>The SDK reports the confirmed count of the current batch, synchronously and in order.</summary>
    void IProgress<int>.Report(int value) => Volatile.Write(ref _confirmed, _confirmedBefore + value);
}
