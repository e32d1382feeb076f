using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>A critical task runs beside busy slots (CriticalHeadroom) instead of waiting for one to free.</summary>
[Collection(BrokerCollection.Name)]
public sealed class CriticalHeadroomTests(BrokerFixture broker)
{
    [Theory]
    [InlineData(1, true)]
    [InlineData(0, false)]
    public async Task CriticalTask_WithEverySlotBlocked_RunsOnlyInTheHeadroom(int headroom, bool runsWhileBlocked)
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var gate = new GateHandler();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 1, observer,
            new Dictionary<string, string?> { ["Worker:CriticalHeadroom"] = headroom.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            gate.Register);
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        await client.SubmitAsync(Tasks.Make("blocking", GateHandler.Kind, TaskLevel.Low));
        await Wait.UntilAsync(() => worker.Engine.BusySlots == 1, TimeSpan.FromSeconds(30), "the low task to occupy the slot");
        await client.SubmitBatchAsync([Tasks.Make("urgent-1", level: TaskLevel.Critical), Tasks.Make("urgent-2", level: TaskLevel.Critical)]);

        if (runsWhileBlocked)
        {
            await observer.WaitForDistinctAsync(2, TimeSpan.FromSeconds(30));
            Assert.Equal(["urgent-1", "urgent-2"], observer.Records.Select(r => r.TaskId).Order());
        }
        else
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Empty(observer.Records);
        }

        gate.Open();
        await observer.WaitForDistinctAsync(3, TimeSpan.FromSeconds(30));
        Assert.All(observer.Records, record => Assert.Equal("completed", record.Outcome));
    }
}
