using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Workloads;

namespace WorkerFleet.Cli.Tests.Bench;

public class BenchWarmUpTests
{
    [Fact]
    public void WarmUp_IsEightTasksPerSlot_OnKeysOfTheirOwn_AsLongAsTheAverageTask()
    {
        var workload = new WorkloadFile { Tasks = [BenchFixtures.Task("a", durationMs: 10), BenchFixtures.Task("b", durationMs: 30)] };

        var warmUp = BenchWarmUp.For(workload, [new("w1", 4, 1.0), new("w2", 2, 1.0)]);

        Assert.Equal(48, warmUp.Tasks.Count);
        Assert.All(warmUp.Tasks, task =>
        {
            Assert.StartsWith(BenchWarmUp.IdPrefix, task.Id, StringComparison.Ordinal);
            Assert.Equal(task.Id, task.Key);
            Assert.Equal(20, task.DurationMs);
        });
        Assert.Equal(48, warmUp.Tasks.Select(task => task.Id).Distinct().Count());
        Assert.DoesNotContain(warmUp.Tasks, task => workload.Tasks.Any(own => own.Id == task.Id));
    }

    [Fact]
    public void WarmUp_TasksLastAtMost50Ms_HoweverLongTheWorkload()
    {
        var workload = new WorkloadFile { Tasks = [BenchFixtures.Task("long", durationMs: 900)] };

        Assert.All(BenchWarmUp.For(workload, BenchFixtures.TwoWorkers).Tasks, task => Assert.Equal(50, task.DurationMs));
    }
}
