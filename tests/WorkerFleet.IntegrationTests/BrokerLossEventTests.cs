using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// The broker's consumer events (rabbitmq_event_exchange) tell the balancer of a killed worker at
/// once; a worker that stops gracefully, and so cancels its consumers too, is not taken for lost.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class BrokerLossEventTests(BrokerFixture broker)
{
    // Workers beat every 4 s, and the balancer knows it: by silence a worker is probed after 5 s,
    // and a draining worker's next heartbeat may come seconds after its consumers are gone.
    private static readonly TimeSpan SlowHeartbeat = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task KilledWorker_IsLost_LongBeforeItsSilenceCouldTell()
    {
        await using var fleet = await SlowFleet.StartAsync(broker, "doomed");

        var sinceKill = Stopwatch.StartNew();
        await fleet.Worker.Process.KillAsync();
        await Wait.UntilAsync(() => fleet.Lifecycle is WorkerLifecycleStates.Lost, TimeSpan.FromSeconds(15), "the worker to be lost");

        Assert.True(sinceKill.Elapsed < SlowHeartbeat, $"lost after {sinceKill.Elapsed.TotalSeconds:F2} s; silence alone needs over {1.25 * SlowHeartbeat.TotalSeconds} s");
    }

    [Fact]
    public async Task GracefullyStoppedWorker_IsNotTakenForLost()
    {
        await using var fleet = await SlowFleet.StartAsync(broker, "leaving");

        // A task that runs through the drain keeps the worker there (cancelled consumers, still
        // beating) long enough for the balancer to act on the events if it took them for a kill.
        await using (var client = await FleetClient.ConnectAsync(fleet.Vhost.Broker))
        {
            await client.SubmitAsync(Tasks.Make("long", "sleep", sleepMs: 1500));
        }

        await Task.Delay(500);

        // Its drain unbinds, then cancels its consumers: the events the balancer hears from a kill,
        // but after a binding.deleted of its own. Watched from the signal to a second after exit.
        var seen = new List<string?>();
        await fleet.Worker.Process.TerminateAsync();
        var watched = ExitAndASecondAsync(fleet.Worker);
        while (!watched.IsCompleted)
        {
            seen.Add(fleet.Lifecycle);
            await Task.Delay(20);
        }

        await watched;
        Assert.DoesNotContain(WorkerLifecycleStates.Lost, seen);
    }

    private static async Task ExitAndASecondAsync(WorkerProcess worker)
    {
        await worker.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>A balancer and one worker process, both on <see cref="SlowHeartbeat"/>, the worker active.</summary>
    private sealed class SlowFleet : IAsyncDisposable
    {
        private readonly ProcessFleet _processes;
        private readonly TestBalancer _balancer;
        private readonly FleetPicture _picture;
        private readonly string _workerId;

        private SlowFleet(TestVhost vhost, ProcessFleet processes, TestBalancer balancer, string workerId, WorkerProcess worker)
        {
            _workerId = workerId;
            Vhost = vhost;
            _processes = processes;
            _balancer = balancer;
            _picture = balancer.Services.GetRequiredService<FleetPicture>();
            Worker = worker;
        }

        public TestVhost Vhost { get; }

        public WorkerProcess Worker { get; }

        /// <summary>The worker's lifecycle in the balancer's picture (null once it left).</summary>
        public string? Lifecycle => _picture.LifecycleOf(_workerId);

        public static async Task<SlowFleet> StartAsync(BrokerFixture broker, string workerId)
        {
            var vhost = await broker.CreateVhostAsync();
            var processes = new ProcessFleet(vhost.Broker);
            var balancer = await TestBalancer.StartAsync(vhost.Broker, "steal", SlowHeartbeat);
            var fleet = new SlowFleet(vhost, processes, balancer, workerId, await processes.StartWorkerAsync(workerId, 2, SlowHeartbeat));
            await Wait.UntilAsync(() => fleet.Lifecycle is WorkerLifecycleStates.Active, TimeSpan.FromSeconds(30), "the worker to be active");
            return fleet;
        }

        public async ValueTask DisposeAsync()
        {
            await _processes.DisposeAsync();
            await _balancer.DisposeAsync();
            await Vhost.DisposeAsync();
        }
    }
}
