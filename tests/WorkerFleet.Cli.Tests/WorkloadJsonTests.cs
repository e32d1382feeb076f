using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Tests;

public class WorkloadJsonTests
{
    [Fact]
    public void TryRead_ReturnsTheWrittenWorkload_WhenItWasWrittenByWrite()
    {
        using var folder = new TempFolder();
        var path = folder.File("mixed.json");
        var written = WorkloadGenerator.Mixed(200, seed: 3, workersHint: 4);
        var withSchedule = written with { Tasks = [.. written.Tasks.Select((task, i) => i % 2 == 0 ? task with { SubmitAtMs = i * 10 } : task)] };

        WorkloadJson.Write(withSchedule, path);
        var ok = WorkloadJson.TryRead(path, out var read, out var error);

        Assert.True(ok, error);
        Assert.Equal(withSchedule.Tasks, read!.Tasks);
        Assert.Equal((withSchedule.Scenario, withSchedule.Seed, withSchedule.WorkersHint), (read.Scenario, read.Seed, read.WorkersHint));
    }

    [Fact]
    public void Write_UsesSnakeCaseAndLeavesOutAbsentFields_WhenATaskHasNoDeadline()
    {
        using var folder = new TempFolder();
        var path = folder.File("one.json");

        WorkloadJson.Write(new WorkloadFile { Tasks = [new WorkloadTask { Id = "a", DurationMs = 5, Key = "k", Level = "low" }] }, path);

        Assert.Equal("""{"tasks":[{"id":"a","duration_ms":5,"key":"k","level":"low"}]}""", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("""{"tasks":[{"id":"a","duration_ms":1,"key":"k","level":"low"},{"id":"a","duration_ms":1,"key":"k","level":"low"}]}""", "task 1 (id 'a'): id is not unique")]
    [InlineData("""{"tasks":[{"id":"a","duration_ms":1,"key":"k","level":"urgent"}]}""", "task 0 (id 'a'): level 'urgent' is not one of")]
    [InlineData("""{"tasks":[{"id":"a","duration_ms":-1,"key":"k","level":"low"}]}""", "task 0 (id 'a'): duration_ms must be")]
    [InlineData("""{"tasks":[{"id":"a","duration_ms":1,"key":"k","level":"low","submit_at_ms":-5}]}""", "task 0 (id 'a'): submit_at_ms must not be negative")]
    [InlineData("""{"tasks":[{"id":"a","duration_ms":1,"level":"low"}]}""", "key")]
    [InlineData("""{"tasks":[""", "")]
    [InlineData("null", "the file holds null")]
    public void TryRead_RejectsTheFileWithAReason_WhenItIsNotAValidWorkload(string content, string reason)
    {
        using var folder = new TempFolder();
        var path = folder.File("bad.json");
        File.WriteAllText(path, content);

        var ok = WorkloadJson.TryRead(path, out var workload, out var error);

        Assert.False(ok);
        Assert.NotEmpty(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
        if (reason.StartsWith("task", StringComparison.Ordinal))
        {
            Assert.NotNull(workload); // Parsed, then refused by the checks.
        }
    }
}
