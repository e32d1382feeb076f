using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class BalancerFailoverTests(BrokerFixture broker)
{
    [Fact]
    public async Task KilledActiveBalancer_StandbyResumesStealing_WithinTwoBalanceIntervals()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var fleet = new ProcessFleet(vhost.Broker);
        var active = await fleet.StartBalancerAsync("steal");
        await fleet.StartBalancerAsync("steal");
        for (var i = 1; i <= 3; i++)
        {
            await fleet.StartWorkerAsync($"f{i}", 2);
        }

        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        // One affinity key: only stealing lets the two other workers help.
        await client.SubmitBatchAsync(Enumerable.Range(0, 150).Select(i => Tasks.Make($"before-{i}", "sleep", affinity: "hot", sleepMs: 20)));
        await Wait.UntilAsync(() => fleet.Journal().Count(e => e.TaskId.StartsWith("before-", StringComparison.Ordinal)) == 150,
            TimeSpan.FromSeconds(60), "the first batch");
        Assert.Contains(fleet.Journal(), e => e.TaskId.StartsWith("before-", StringComparison.Ordinal) && !e.FromOwnQueue);

        await active.KillAsync();
        var submitted = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await client.SubmitBatchAsync(Enumerable.Range(0, 300).Select(i => Tasks.Make($"after-{i}", "sleep", affinity: "hot", sleepMs: 20)));
        await Wait.UntilAsync(() => fleet.Journal().Count(e => e.TaskId.StartsWith("after-", StringComparison.Ordinal)) == 300,
            TimeSpan.FromSeconds(60), "the second batch");

        var stolen = fleet.Journal().Where(e => e.TaskId.StartsWith("after-", StringComparison.Ordinal) && !e.FromOwnQueue).ToList();
        Assert.NotEmpty(stolen);
        var firstSteal = TimeSpan.FromMilliseconds(stolen.Min(e => e.StartedAtMs) - submitted);
        Assert.True(firstSteal <= 2 * ProcessFleet.BalanceInterval, $"the standby's first steal started {firstSteal.TotalMilliseconds} ms after the takeover");
    }
}
