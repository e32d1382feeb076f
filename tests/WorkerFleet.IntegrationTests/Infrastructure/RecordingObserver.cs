using System.Collections.Concurrent;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Collects what in-process workers settled, across workers, for assertions.</summary>
public sealed class RecordingObserver : IExecutionObserver
{
    private readonly ConcurrentQueue<ExecutionRecord> _records = new();

    public IReadOnlyList<ExecutionRecord> Records => _records.ToArray();

    public ValueTask OnSettledAsync(ExecutionRecord record)
    {
        _records.Enqueue(record);
        return ValueTask.CompletedTask;
    }

    /// <summary>Waits until <paramref name="done"/> holds of the records, failing after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<ExecutionRecord>, bool> done, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!done(Records))
        {
            if (cts.IsCancellationRequested)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}; {_records.Count} records");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    public Task WaitForDistinctAsync(int count, TimeSpan timeout) =>
        WaitUntilAsync(records => records.Select(r => r.TaskId).Distinct().Count() >= count, timeout, $"{count} distinct tasks");
}
