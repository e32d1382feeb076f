namespace WorkerFleet.Scheduling.Tests;

public class TaskLevelsTests
{
    [Fact]
    public void WireName_RoundTripsThroughTryParse_ForEveryLevel()
    {
        foreach (var level in TaskLevels.All)
        {
            Assert.True(TaskLevels.TryParse(level.ToWireName(), out var parsed));
            Assert.Equal(level, parsed);
        }
    }

    [Fact]
    public void WireNames_AreTheBrokerContract()
    {
        Assert.Equal(["critical", "high", "normal", "low"], TaskLevels.All.Select(level => level.ToWireName()));
    }

    [Fact]
    public void All_IsStrictestFirst_AndCoversEveryDefinedLevel()
    {
        Assert.Equal(Enum.GetValues<TaskLevel>().OrderBy(level => (int)level), TaskLevels.All);
    }

    [Theory]
    [InlineData("HIGH", TaskLevel.High)]
    [InlineData("Critical", TaskLevel.Critical)]
    public void TryParse_IgnoresCase_WhenNameIsKnown(string name, TaskLevel expected)
    {
        Assert.True(TaskLevels.TryParse(name, out var level));
        Assert.Equal(expected, level);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("urgent")]
    [InlineData(" high")]
    public void TryParse_ReturnsFalse_WhenNameIsUnknown(string? name) => Assert.False(TaskLevels.TryParse(name, out _));

    [Fact]
    public void ToWireName_Throws_WhenLevelIsUndefined() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ((TaskLevel)42).ToWireName());
}
