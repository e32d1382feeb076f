using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class GracefulStopTests(BrokerFixture broker) : IDisposable
{
    private readonly string _journals = Directory.CreateTempSubdirectory("fleet-journal-").FullName;

    [Fact]
    public async Task SigtermToOneOfThreeWorkers_UnderLoad_LosesAndDuplicatesNothing()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var workers = new List<WorkerProcess>();
        try
        {
            for (var i = 1; i <= 3; i++)
            {
                workers.Add(await WorkerProcess.StartAsync(vhost.Broker, $"g{i}", 4, _journals));
            }

            const int Count = 3000;
            await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
            {
                await client.SubmitBatchAsync(Tasks.Many("g", Count, "sleep", sleepMs: 5));
            }

            await Wait.UntilAsync(() => workers.Sum(w => w.ReadJournal().Count) >= Count / 5, TimeSpan.FromMinutes(2), "a fifth of the tasks to run");
            await workers[0].Process.TerminateAsync();
            await workers[0].Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, workers[0].Process.ExitCode);

            await Wait.UntilAsync(() => workers.SelectMany(w => w.ReadJournal()).Select(e => e.TaskId).Distinct().Count() >= Count, TimeSpan.FromMinutes(2), "every task to run");
            await Task.Delay(1000);
            var entries = workers.SelectMany(w => w.ReadJournal()).ToList();

            Assert.Equal(Count, entries.Select(e => e.TaskId).Distinct().Count());
            Assert.Empty(entries.GroupBy(e => e.TaskId).Where(g => g.Count() > 1).Select(g => g.Key));
            Assert.All(entries, e => Assert.Equal("completed", e.Outcome));
            Assert.NotEmpty(workers[0].ReadJournal());

            await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "test", CancellationToken.None);
            await using var probe = new QueueProbe(connection);
            Assert.Null(await probe.ReadyCountAsync(BrokerNames.WorkerQueue("g1", TaskLevel.Normal), CancellationToken.None));
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    public void Dispose() => Directory.Delete(_journals, recursive: true);
}
