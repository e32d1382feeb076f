using System.Collections.Concurrent;
using System.Diagnostics;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests;

/// <summary>The sleep handler's timer: never early, in due order, cancellable (no broker needed).</summary>
public sealed class PreciseDelayTests
{
    [Fact]
    public async Task Delays_EndNoEarlierThanDue_AndInDueOrder()
    {
        var ended = new ConcurrentQueue<int>();
        var started = Stopwatch.StartNew();
        var elapsed = new ConcurrentDictionary<int, TimeSpan>();
        await Task.WhenAll(new[] { 40, 10, 30, 20 }.Select(async ms =>
        {
            await PreciseDelay.Delay(TimeSpan.FromMilliseconds(ms), TimeProvider.System, CancellationToken.None);
            elapsed[ms] = started.Elapsed;
            ended.Enqueue(ms);
        }));

        Assert.Equal([10, 20, 30, 40], ended.ToArray());
        Assert.All(elapsed, pair => Assert.True(pair.Value >= TimeSpan.FromMilliseconds(pair.Key), $"{pair.Key} ms ended after {pair.Value.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task A_ShortDelay_QueuedWhileTheWaiterSleepsTowardsALongOne_DoesNotWaitForIt()
    {
        var longDelay = PreciseDelay.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        await Task.Delay(50);
        var started = Stopwatch.StartNew();

        await PreciseDelay.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, CancellationToken.None);

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"the 20 ms delay took {started.Elapsed.TotalMilliseconds} ms");
        Assert.False(longDelay.IsCompleted);
    }

    [Fact]
    public async Task A_CanceledDelay_EndsCanceled_LongBeforeItsDueTime()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var started = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PreciseDelay.Delay(TimeSpan.FromMinutes(5), TimeProvider.System, cancel.Token));
        Assert.True(started.Elapsed < TimeSpan.FromMinutes(1));

        // The waiter keeps serving after a cancellation left a stale entry queued.
        await PreciseDelay.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, CancellationToken.None);
    }
}
