namespace WorkerFleet.Scheduling.Tests;

public class FairnessMetricsTests
{
    [Fact]
    public void JainIndex_IsOne_WhenThereAreNoValues() => Assert.Equal(1.0, FairnessMetrics.JainIndex([]));

    [Fact]
    public void JainIndex_IsOne_WhenAllValuesAreZero() => Assert.Equal(1.0, FairnessMetrics.JainIndex([0, 0, 0]));

    [Fact]
    public void JainIndex_IsOne_WhenAllValuesAreEqual() => Assert.Equal(1.0, FairnessMetrics.JainIndex([7, 7, 7, 7]), 12);

    [Fact]
    public void JainIndex_IsOneOverN_WhenOneValueHasEverything() => Assert.Equal(0.25, FairnessMetrics.JainIndex([0, 9, 0, 0]), 12);

    [Fact]
    public void JainIndex_MatchesTheFormula_WhenValuesDiffer()
    {
        // (1 + 2 + 3)² / (3 · (1 + 4 + 9)) = 36 / 42.
        Assert.Equal(36.0 / 42.0, FairnessMetrics.JainIndex([1, 2, 3]), 12);
    }
}
