using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Runtime;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class CircuitBreakerTests(BrokerFixture broker)
{
    private const string Kind = "flaky";

    [Fact]
    public async Task KindFailingOnOneWorker_OpensItsBreaker_AndItsTasksCompleteOnAHealthyPeer()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var breaker = new Dictionary<string, string?>
        {
            ["Worker:MaxAttempts"] = "1",
            ["Worker:BreakerMinimumThroughput"] = "4",
            ["Worker:BreakerFailureRatio"] = "0.5",
            ["Worker:BreakerBreakDuration"] = "00:01:00",
        };
        await using var sick = await TestWorker.StartAsync(vhost.Broker, "sick", 2, observer, breaker,
            s => s.AddTaskHandler<FailingHandler>(Kind));
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        // Alone in the fleet, the sick worker gets every task until its breaker opens.
        await client.SubmitBatchAsync(Enumerable.Range(0, 6).Select(i => Tasks.Make($"early-{i}", Kind)));
        await observer.WaitUntilAsync(r => r.Count(x => x.TaskId.StartsWith("early-", StringComparison.Ordinal)) >= 4,
            TimeSpan.FromSeconds(30), "the first failures");
        await Wait.UntilAsync(() => sick.Engine.OpenBreakers.Contains(Kind), TimeSpan.FromSeconds(30), "the breaker to open");

        await using var healthy = await TestWorker.StartAsync(vhost.Broker, "healthy", 2, observer, breaker,
            s => s.AddTaskHandler<NoopHandler>(Kind));
        await client.SubmitBatchAsync(Enumerable.Range(0, 60).Select(i => Tasks.Make($"late-{i}", Kind)));
        await observer.WaitUntilAsync(r => r.Count(x => x.TaskId.StartsWith("late-", StringComparison.Ordinal)) == 60,
            TimeSpan.FromSeconds(60), "every later task");

        var late = observer.Records.Where(r => r.TaskId.StartsWith("late-", StringComparison.Ordinal)).ToList();
        Assert.All(late, r => Assert.Equal(("healthy", "completed"), (r.WorkerId, r.Outcome)));
        Assert.True(sick.Counters.HandedBack > 0, "some later tasks hashed to the sick worker and were handed back");
        Assert.Equal(60, late.Select(r => r.TaskId).Distinct().Count());
    }
}
