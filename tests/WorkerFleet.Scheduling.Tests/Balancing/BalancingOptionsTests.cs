using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Scheduling.Tests.Balancing;

public class BalancingOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes_AndValid()
    {
        var options = new BalancingOptions();

        Assert.Equal(BalancingStrategy.Adaptive, options.Strategy);
        Assert.Equal(50, options.StealThresholdMs);
        Assert.Equal(0.25, options.Tolerance);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PairCooldown);
        Assert.Equal(1000, options.MaxMigrationsPerPlan);
        Assert.Equal(20, options.DefaultServiceMs);
        Assert.Equal(0.3, options.AgingBoost);
        Assert.Empty(options.Validate());
    }

    public static TheoryData<BalancingOptions, string> BrokenSettings() => new()
    {
        { new BalancingOptions { Strategy = (BalancingStrategy)42 }, "Balancer:Strategy must be one of None, Steal, Proactive, Adaptive, Optimal" },
        { new BalancingOptions { StealThresholdMs = -1 }, "Balancer:StealThresholdMs must be a finite number >= 0" },
        { new BalancingOptions { StealThresholdMs = double.NaN }, "Balancer:StealThresholdMs must be a finite number >= 0" },
        { new BalancingOptions { Tolerance = 1 }, "Balancer:Tolerance must be >= 0 and < 1" },
        { new BalancingOptions { Tolerance = -0.1 }, "Balancer:Tolerance must be >= 0 and < 1" },
        { new BalancingOptions { PairCooldown = TimeSpan.FromSeconds(-1) }, "Balancer:PairCooldown must be >= 0" },
        { new BalancingOptions { MaxMigrationsPerPlan = 0 }, "Balancer:MaxMigrationsPerPlan must be >= 1" },
        { new BalancingOptions { DefaultServiceMs = 0 }, "Balancer:DefaultServiceMs must be a finite number > 0" },
        { new BalancingOptions { AgingBoost = double.PositiveInfinity }, "Balancer:AgingBoost must be a finite number >= 0" },
    };

    [Theory]
    [MemberData(nameof(BrokenSettings))]
    public void Validate_NamesTheSetting_WhenItIsBroken(BalancingOptions options, string expected)
    {
        Assert.Equal([expected], options.Validate());
    }

    [Fact]
    public void Validate_ReportsEveryBrokenSetting_WhenSeveralAre()
    {
        var errors = new BalancingOptions { StealThresholdMs = -1, MaxMigrationsPerPlan = 0 }.Validate();

        Assert.Equal(2, errors.Count);
    }
}
