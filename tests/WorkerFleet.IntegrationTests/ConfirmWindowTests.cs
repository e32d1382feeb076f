using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>The publishers' window of unconfirmed publishes (no broker needed).</summary>
public sealed class ConfirmWindowTests
{
    [Fact]
    public async Task A_Publish_StartsOnlyWhenFewerThanTheWindowAreUnconfirmed()
    {
        var confirms = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var started = 0;
        var window = new ConfirmWindow(2);
        ValueTask Publish(int index)
        {
            Interlocked.Increment(ref started);
            return new ValueTask(confirms[index].Task);
        }

        await window.AddAsync(() => Publish(0));
        await window.AddAsync(() => Publish(1));
        var third = window.AddAsync(() => Publish(2));

        // Two unconfirmed fill the window: the third is not started (a third unconfirmed publish
        // would pass the client's throttling point), until the oldest is confirmed.
        await Task.Delay(50);
        Assert.Equal(2, Volatile.Read(ref started));
        Assert.False(third.IsCompleted);

        confirms[0].SetResult();
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, Volatile.Read(ref started));

        confirms[1].SetResult();
        confirms[2].SetResult();
        await window.DrainAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, window.Confirmed);
    }
}
