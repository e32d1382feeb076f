namespace WorkerFleet.Scheduling.Tests;

public class SchedulerOptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedValues_AndValid()
    {
        var options = new SchedulerOptions();

        Assert.Equal(0.3, options.HighWeight);
        Assert.Equal(0.2, options.NormalWeight);
        Assert.Equal(0.1, options.LowWeight);
        Assert.Equal(TimeSpan.FromSeconds(5), options.AgingThreshold);
        Assert.Equal(0.3, options.AgingBoost);
        Assert.Empty(options.TenantWeights);
        Assert.Equal(1.0, options.DefaultTenantWeight);
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("HighWeight=0", "Scheduler:HighWeight must be > 0")]
    [InlineData("NormalWeight=-1", "Scheduler:NormalWeight must be > 0")]
    [InlineData("LowWeight=NaN", "Scheduler:LowWeight must be > 0")]
    [InlineData("LowWeight=Infinity", "Scheduler:LowWeight must be <= 1000000")]
    [InlineData("AgingThreshold=0", "Scheduler:AgingThreshold must be > 0")]
    [InlineData("AgingThreshold=-1s", "Scheduler:AgingThreshold must be > 0")]
    [InlineData("AgingBoost=-0.1", "Scheduler:AgingBoost must be >= 0")]
    [InlineData("TenantWeights:acme=0", "Scheduler:TenantWeights:acme must be > 0")]
    [InlineData("DefaultTenantWeight=0", "Scheduler:DefaultTenantWeight must be > 0")]
    public void Validate_NamesTheSetting_WhenItIsOutOfRange(string setting, string expected)
    {
        var options = setting switch
        {
            "HighWeight=0" => new SchedulerOptions { HighWeight = 0 },
            "NormalWeight=-1" => new SchedulerOptions { NormalWeight = -1 },
            "LowWeight=NaN" => new SchedulerOptions { LowWeight = double.NaN },
            "LowWeight=Infinity" => new SchedulerOptions { LowWeight = double.PositiveInfinity },
            "AgingThreshold=0" => new SchedulerOptions { AgingThreshold = TimeSpan.Zero },
            "AgingThreshold=-1s" => new SchedulerOptions { AgingThreshold = TimeSpan.FromSeconds(-1) },
            "AgingBoost=-0.1" => new SchedulerOptions { AgingBoost = -0.1 },
            "TenantWeights:acme=0" => new SchedulerOptions { TenantWeights = new Dictionary<string, double> { ["ok"] = 2, ["acme"] = 0 } },
            "DefaultTenantWeight=0" => new SchedulerOptions { DefaultTenantWeight = 0 },
            _ => throw new ArgumentOutOfRangeException(nameof(setting)),
        };

        Assert.Equal([expected], options.Validate());
    }

    [Fact]
    public void Validate_ReportsEveryBrokenSetting_WhenSeveralAreWrong()
    {
        var options = new SchedulerOptions { HighWeight = 0, AgingBoost = -1, DefaultTenantWeight = -2 };

        Assert.Equal(
            ["Scheduler:HighWeight must be > 0", "Scheduler:AgingBoost must be >= 0", "Scheduler:DefaultTenantWeight must be > 0"],
            options.Validate());
    }

    [Fact]
    public void Validate_Accepts_WhenAgingIsTurnedOff()
    {
        var options = new SchedulerOptions { AgingThreshold = TimeSpan.MaxValue, AgingBoost = 0 };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void TenantWeight_FallsBackToTheDefault_WhenTheTenantIsUnlistedOrNull()
    {
        var options = new SchedulerOptions
        {
            TenantWeights = new Dictionary<string, double> { ["gold"] = 4 },
            DefaultTenantWeight = 1.5,
        };

        Assert.Equal(4, options.TenantWeight("gold"));
        Assert.Equal(1.5, options.TenantWeight("bronze"));
        Assert.Equal(1.5, options.TenantWeight(null));
    }
}
