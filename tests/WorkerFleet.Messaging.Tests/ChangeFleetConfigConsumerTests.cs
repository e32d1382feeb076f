using WorkerFleet.Contracts;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Tests;

public class ChangeFleetConfigConsumerTests
{
    [Fact]
    public async Task ChangeFleetConfig_AppliesAndAnnouncesTheSettings_WhenTheChangeIsValid()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Adaptive, StealThresholdMs = 50, Tolerance = 0.25 });

        await h.PublishAsync(new ChangeFleetConfig { Strategy = "steal", StealThresholdMs = 10 });

        Assert.True(await h.Harness.Consumed.Any<ChangeFleetConfig>());
        Assert.True(await h.Harness.Published.Any<FleetConfigChanged>());
        var current = h.Settings.Current;
        Assert.Equal(BalancingStrategy.Steal, current.Strategy);
        Assert.Equal(10, current.StealThresholdMs);
        Assert.Equal(0.25, current.Tolerance); // fields left null keep their value
        var announced = Assert.Single(h.Harness.Published.Select<FleetConfigChanged>()).Context.Message;
        Assert.Equal("steal", announced.Strategy);
        Assert.Equal(10, announced.StealThresholdMs);
        Assert.Equal(0.25, announced.Tolerance);
        Assert.Equal(BalancerHarness.Start, announced.ChangedAt);
    }

    [Fact]
    public async Task ChangeFleetConfig_ChangesAndAnnouncesNothing_WhenToleranceIsOutOfRange()
    {
        await using var h = await BalancerHarness.StartAsync(new BalancingOptions { Strategy = BalancingStrategy.Adaptive, StealThresholdMs = 50, Tolerance = 0.25 });
        var before = h.Settings.Current;

        await h.PublishAsync(new ChangeFleetConfig { Strategy = "steal", StealThresholdMs = 10, Tolerance = 2 });

        Assert.True(await h.Harness.Consumed.Any<ChangeFleetConfig>());
        Assert.False(await h.Harness.Published.Any<FleetConfigChanged>());
        Assert.Same(before, h.Settings.Current);
        Assert.Equal(BalancingStrategy.Adaptive, h.Settings.Current.Strategy);
        Assert.Equal(50, h.Settings.Current.StealThresholdMs);
        Assert.Equal(0.25, h.Settings.Current.Tolerance);
    }
}
