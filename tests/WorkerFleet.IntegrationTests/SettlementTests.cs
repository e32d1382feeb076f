using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Runtime;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// A completed task is acked once its record is kept, but its slot does not wait for either: the
/// next task starts at once. A graceful stop still waits for those acks, or closing the channel
/// would requeue tasks that ran (and they would run twice).
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class SettlementTests(BrokerFixture broker)
{
    [Fact]
    public async Task OneSlot_RunsTheNextTask_WhileTheFirstRecordIsStillBeingKept()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new HeldRecordsObserver();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 1, observer);
        await using var client = await FleetClient.ConnectAsync(vhost.Broker);

        await client.SubmitBatchAsync(Tasks.Many("held", 2));

        // Each record waits for the test; with the slot waiting for its record, only one would run.
        // (Two is all the broker hands a one-slot worker while neither is acked: its prefetch.)
        await Wait.UntilAsync(() => observer.Count == 2, TimeSpan.FromSeconds(30), "both tasks to run");
        Assert.Equal(0, worker.Counters.Completed);

        observer.Release();
        await Wait.UntilAsync(() => worker.Counters.Completed == 2, TimeSpan.FromSeconds(30), "both acks");
    }

    [Fact]
    public async Task GracefulStop_WaitsForTheAcksOfRecordsBeingKept_SoNothingIsHandedBack()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new HeldRecordsObserver();
        var worker = await TestWorker.StartAsync(vhost.Broker, "w1", slots: 2, observer);
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("stop", 3));
        }

        await Wait.UntilAsync(() => observer.Count == 3, TimeSpan.FromSeconds(30), "the three tasks to run");
        var stopping = worker.StopAsync();
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.False(stopping.IsCompleted, "the stop ended before the completed tasks were acked");

        observer.Release();
        await stopping;
        Assert.Equal(3, worker.Counters.Completed);
        Assert.Equal(0, worker.Engine.HandedOff);
        await worker.DisposeAsync();
    }

    /// <summary>Keeps every record pending until <see cref="Release"/>, as a journal stuck on its disk would.</summary>
    private sealed class HeldRecordsObserver : IExecutionObserver
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public ValueTask OnSettledAsync(ExecutionRecord record)
        {
            Interlocked.Increment(ref _count);
            return new ValueTask(_released.Task);
        }

        public void Release() => _released.TrySetResult();
    }
}
