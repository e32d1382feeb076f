using Microsoft.Extensions.Time.Testing;
using WorkerFleet.Cli.Bench;

namespace WorkerFleet.Cli.Tests.Bench;

public sealed class FleetSettleTests
{
    [Fact]
    public async Task WaitAsync_ReturnsQuiet_OnlyAfterTheProcessesStoppedUsingCpu()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();

        // Busy at one core for the first 2 s (a process compiling its code), idle after.
        TimeSpan ProcessorTime() => TimeSpan.FromTicks(Math.Min((clock.GetUtcNow() - start).Ticks, TimeSpan.FromSeconds(2).Ticks));

        var (waited, quiet) = await RunAsync(clock, ProcessorTime);

        Assert.True(quiet);
        Assert.InRange(waited, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2) + (2 * FleetSettle.Window));
    }

    [Fact]
    public async Task WaitAsync_GivesUpAfterTheLongestWait_WhenTheProcessesStayBusy()
    {
        var clock = new FakeTimeProvider();
        var start = clock.GetUtcNow();
        TimeSpan ProcessorTime() => (clock.GetUtcNow() - start) / 2;

        var (waited, quiet) = await RunAsync(clock, ProcessorTime);

        Assert.False(quiet);
        Assert.InRange(waited, FleetSettle.Longest, FleetSettle.Longest + FleetSettle.Window);
    }

    [Fact]
    public async Task WaitAsync_ReturnsAfterOneWindow_WhenTheProcessesAreIdle()
    {
        var clock = new FakeTimeProvider();

        var (waited, quiet) = await RunAsync(clock, () => TimeSpan.FromSeconds(3));

        Assert.True(quiet);
        Assert.Equal(FleetSettle.Window, waited);
    }

    /// <summary>Moves the fake clock a window at a time, each time after the wait has read the CPU time again (it is parked in its delay).</summary>
    private static async Task<(TimeSpan, bool)> RunAsync(FakeTimeProvider clock, Func<TimeSpan> processorTime)
    {
        var reads = 0;
        var waiting = FleetSettle.WaitAsync(() =>
        {
            Interlocked.Increment(ref reads);
            return processorTime();
        }, clock, CancellationToken.None);
        while (!waiting.IsCompleted)
        {
            var before = Volatile.Read(ref reads);
            clock.Advance(FleetSettle.Window);
            while (!waiting.IsCompleted && Volatile.Read(ref reads) < before + 2)
            {
                await Task.Delay(1);
            }
        }

        return await waiting;
    }
}
