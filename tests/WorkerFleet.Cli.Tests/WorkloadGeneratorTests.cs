using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Tests;

public class WorkloadGeneratorTests
{
    // Large enough that a share's sampling error (sd <= 0.5 / sqrt(n) = 0.0035) is far inside the tolerance.
    private const int ManyTasks = 20_000;
    private const double ShareTolerance = 0.015;

    [Fact]
    public void Mixed_ReturnsIdenticalWorkloads_WhenTheSeedIsTheSame()
    {
        var first = WorkloadGenerator.Mixed(500, seed: 42, workersHint: 3);
        var second = WorkloadGenerator.Mixed(500, seed: 42, workersHint: 3);

        Assert.Equal(first.Tasks, second.Tasks);
        Assert.Equal((first.Scenario, first.Seed, first.WorkersHint), (second.Scenario, second.Seed, second.WorkersHint));
    }

    [Fact]
    public void Mixed_ReturnsDifferentTasks_WhenTheSeedDiffers()
    {
        var first = WorkloadGenerator.Mixed(500, seed: 1, workersHint: 3);
        var second = WorkloadGenerator.Mixed(500, seed: 2, workersHint: 3);

        Assert.NotEqual(first.Tasks.Select(Draws), second.Tasks.Select(Draws));
    }

    [Fact]
    public void Mixed_ReturnsAPrefixOfALargerWorkload_WhenOnlyTheCountDiffers()
    {
        var small = WorkloadGenerator.Mixed(100, seed: 7, workersHint: 3);
        var large = WorkloadGenerator.Mixed(300, seed: 7, workersHint: 3);

        Assert.Equal(small.Tasks, large.Tasks.Take(100));
    }

    [Theory]
    [InlineData("critical", 0.05)]
    [InlineData("high", 0.15)]
    [InlineData("normal", 0.50)]
    [InlineData("low", 0.30)]
    public void Mixed_DrawsEachLevelAtItsShare_WhenManyTasksAreGenerated(string level, double share)
    {
        var tasks = WorkloadGenerator.Mixed(ManyTasks, seed: 11, workersHint: 3).Tasks;

        Assert.InRange(tasks.Count(task => task.Level == level) / (double)tasks.Count, share - ShareTolerance, share + ShareTolerance);
    }

    [Theory]
    [InlineData("acme", 0.6)]
    [InlineData("globex", 0.3)]
    [InlineData("initech", 0.1)]
    public void Mixed_DrawsEachTenantAtItsShare_WhenManyTasksAreGenerated(string tenant, double share)
    {
        var tasks = WorkloadGenerator.Mixed(ManyTasks, seed: 11, workersHint: 3).Tasks;

        Assert.InRange(tasks.Count(task => task.Tenant == tenant) / (double)tasks.Count, share - ShareTolerance, share + ShareTolerance);
    }

    [Fact]
    public void Mixed_SendsAQuarterOfTasksToTheHotKey_WhenManyTasksAreGenerated()
    {
        var tasks = WorkloadGenerator.Mixed(ManyTasks, seed: 11, workersHint: 3).Tasks;

        var hot = tasks.Count(task => task.Key == WorkloadGenerator.HotKey) / (double)tasks.Count;

        Assert.InRange(hot, WorkloadGenerator.HotShare - ShareTolerance, WorkloadGenerator.HotShare + ShareTolerance);
    }

    [Fact]
    public void Mixed_GivesDeadlinesToCriticalTasksOnlyAndDurationsInRange_WhenGenerated()
    {
        var tasks = WorkloadGenerator.Mixed(2000, seed: 5, workersHint: 3).Tasks;

        Assert.All(tasks, task =>
        {
            Assert.Equal(task.Level == "critical" ? WorkloadGenerator.CriticalDeadlineMs : null, task.DeadlineMs);
            Assert.InRange(task.DurationMs, WorkloadGenerator.MinDurationMs, WorkloadGenerator.MaxDurationMs);
        });
        Assert.Equal(tasks.Count, tasks.Select(task => task.Id).Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>What the random draws decide (ids carry the seed, so they differ anyway).</summary>
    private static (string Level, string? Tenant, string Key, double DurationMs) Draws(WorkloadTask task) =>
        (task.Level, task.Tenant, task.Key, task.DurationMs);
}
