using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// A task whose ack never reaches the broker runs twice (at-least-once), and both runs are recorded:
/// the record of a completed task must not depend on its ack, or a worker killed between the two
/// leaves a task that ran without a trace and the bench counts it lost.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class AckLossTests(BrokerFixture broker)
{
    [Fact]
    public async Task CompletedTask_WhoseAckIsLost_IsRecordedOnce_PerRun()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var gate = new GateHandler();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 1, observer,
            services: gate.Register);
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        await client.SubmitAsync(Tasks.Make("acked-too-late", GateHandler.Kind));
        await Wait.UntilAsync(() => worker.Engine.BusySlots == 1, TimeSpan.FromSeconds(30), "the task to start");
        // The broker takes the delivery back with the connection. The client reconnects after its
        // recovery interval (5 s); opened a second after the close, the gate lets the first run end
        // while the channel is down, so its ack fails (after recovery it would be dropped silently).
        await broker.CloseConnectionsAsync(vhost, "fleet-worker-w1", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(1));
        gate.Open();

        await observer.WaitUntilAsync(records => records.Count >= 2, TimeSpan.FromSeconds(30), "the run after recovery");
        var runs = observer.Records;
        Assert.All(runs, run => Assert.Equal(("acked-too-late", "completed"), (run.TaskId, run.Outcome)));
        Assert.Equal([false, true], runs.Select(run => run.Redelivered));
    }
}
