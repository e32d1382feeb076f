using WorkerFleet.Cli.Control;
using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Tests;

public class FleetConfigMatchTests
{
    private static readonly FleetConfigChanged InForce = new()
    {
        Strategy = "adaptive",
        StealThresholdMs = 50,
        Tolerance = 0.25,
        PairCooldownMs = 2000,
        AgingBoost = 0.3,
    };

    [Fact]
    public void Shows_IsTrue_WhenEveryGivenFieldHasItsValue()
    {
        Assert.True(InForce.Shows(new ChangeFleetConfig { Strategy = "Adaptive", Tolerance = 0.25 }));
        Assert.True(InForce.Shows(new ChangeFleetConfig()));
    }

    [Theory]
    [InlineData("steal", null, null, null, null)]
    [InlineData(null, 49.0, null, null, null)]
    [InlineData(null, null, 0.3, null, null)]
    [InlineData(null, null, null, 1000.0, null)]
    [InlineData(null, null, null, null, 0.31)]
    public void Shows_IsFalse_WhenOneGivenFieldDiffers(string? strategy, double? threshold, double? tolerance, double? cooldown, double? boost)
    {
        var change = new ChangeFleetConfig
        {
            Strategy = strategy,
            StealThresholdMs = threshold,
            Tolerance = tolerance,
            PairCooldownMs = cooldown,
            AgingBoost = boost,
        };

        Assert.False(InForce.Shows(change));
    }

    [Fact]
    public void Shows_IsTrue_WhenTheBalancerKeptTheCooldownInWholeTicks()
    {
        // The balancer stores the cooldown as a TimeSpan: 0.00004 ms is below one 100 ns tick.
        var change = new ChangeFleetConfig { PairCooldownMs = 1234.56784 };
        var config = InForce with { PairCooldownMs = TimeSpan.FromMilliseconds(1234.56784).TotalMilliseconds };

        Assert.True(config.Shows(change));
    }

    [Fact]
    public void Describe_NamesEverySetting_WhenGivenTheSettingsInForce()
    {
        Assert.Equal("strategy adaptive, steal threshold 50 ms, tolerance 0.25, pair cooldown 2000 ms, aging boost 0.3", ConfigView.Describe(InForce));
    }
}
