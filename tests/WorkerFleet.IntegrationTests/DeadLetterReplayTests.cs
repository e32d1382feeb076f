using System.Text.Json;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Runtime;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>`fleet dead list|replay` as an operator runs them: separate processes on the real broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class DeadLetterReplayTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeadLetters_AreListedWithTheirReason_AndReplayedOnceTheCauseIsFixed()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        // A worker without a handler for "teleport": those tasks die as unknown-kind.
        await using (await TestWorker.StartAsync(vhost.Broker, "dl1", 2, observer))
        {
            await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
            {
                await client.SubmitBatchAsync(Tasks.Many("tp", 3, kind: "teleport"));
            }

            await Tasks.PublishMalformedAsync(vhost.Broker);
            await observer.WaitUntilAsync(r => r.Count >= 4, Timeout, "four tasks dead-lettered");
        }

        var listed = await ListAsync(vhost);
        Assert.Equal(4, listed.Count);
        var unknown = listed.Where(letter => letter.GetProperty("reason").GetString() == DeadLetterReason.UnknownKind).ToList();
        Assert.Equal(3, unknown.Count);
        Assert.All(unknown, letter =>
        {
            Assert.Equal("teleport", letter.GetProperty("kind").GetString());
            Assert.Equal("dl1", letter.GetProperty("worker").GetString());
        });
        Assert.Equal(4, (await ListAsync(vhost)).Count); // listing takes nothing

        // The cause fixed: a worker that has the handler.
        var fixedObserver = new RecordingObserver();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "dl2", 2, fixedObserver,
            services: s => s.AddTaskHandler<NoopHandler>("teleport"));
        Assert.Equal(3, await ReplayAsync(vhost, "--reason", DeadLetterReason.UnknownKind));
        await fixedObserver.WaitUntilAsync(r => r.Count(x => x.Kind == "teleport" && x.Outcome == "completed") == 3, Timeout, "the replayed tasks to run");
        var left = Assert.Single(await ListAsync(vhost));
        Assert.Equal(DeadLetterReason.Malformed, left.GetProperty("reason").GetString());

        // Replayed again, the malformed task dies again, now carrying how often it was given another chance.
        Assert.Equal(1, await ReplayAsync(vhost));
        await fixedObserver.WaitUntilAsync(r => r.Any(x => x.Outcome == DeadLetterReason.Malformed), Timeout, "the malformed task to die again");
        var again = Assert.Single(await ListAsync(vhost));
        Assert.Equal(1, again.GetProperty("replayed").GetInt64());
    }

    private static async Task<List<JsonElement>> ListAsync(TestVhost vhost)
    {
        var output = await FleetCommand.RunAsync(vhost.Broker, null, Timeout, "dead", "list", "--max", "100", "--json");
        using var json = JsonDocument.Parse(output);
        return [.. json.RootElement.GetProperty("deadLetters").EnumerateArray().Select(letter => letter.Clone())];
    }

    private static async Task<int> ReplayAsync(TestVhost vhost, params string[] filter)
    {
        var output = await FleetCommand.RunAsync(vhost.Broker, null, Timeout, ["dead", "replay", .. filter, "--json"]);
        using var json = JsonDocument.Parse(output);
        return json.RootElement.GetProperty("replayed").GetInt32();
    }
}
