namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Polling for a condition that other processes or threads make true.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            Assert.False(cts.IsCancellationRequested, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
