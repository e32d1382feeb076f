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
        await using var vhost = await broker.CreateVhostAsync();
        await using var fleet = new ProcessFleet(vhost.Broker);
        await using var balancer = await TestBalancer.StartAsync(vhost.Broker, "steal", SlowHeartbeat);
        var picture = balancer.Services.GetRequiredService<FleetPicture>();
        var doomed = await fleet.StartWorkerAsync("doomed", 2, SlowHeartbeat);
        await Wait.UntilAsync(() => picture.LifecycleOf("doomed") is WorkerLifecycleStates.Active, TimeSpan.FromSeconds(30), "the worker to be active");

        var sinceKill = Stopwatch.StartNew();
        await doomed.Process.KillAsync();
        await Wait.UntilAsync(() => picture.LifecycleOf("doomed") is WorkerLifecycleStates.Lost, TimeSpan.FromSeconds(15), "the worker to be lost");

        Assert.True(sinceKill.Elapsed < SlowHeartbeat, $"lost after {sinceKill.Elapsed.TotalSeconds:F2} s; silence alone needs over {1.25 * SlowHeartbeat.TotalSeconds} s");
    }

    [Fact]
    public async Task GracefullyStoppedWorker_IsNotTakenForLost()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var fleet = new ProcessFleet(vhost.Broker);
        await using var balancer = await TestBalancer.StartAsync(vhost.Broker, "steal", SlowHeartbeat);
        var picture = balancer.Services.GetRequiredService<FleetPicture>();
        var leaving = await fleet.StartWorkerAsync("leaving", 2, SlowHeartbeat);
        await Wait.UntilAsync(() => picture.LifecycleOf("leaving") is WorkerLifecycleStates.Active, TimeSpan.FromSeconds(30), "the worker to be active");

        // A task that runs through the drain keeps the worker there (cancelled consumers, still
        // beating) long enough for the balancer to act on the events if it took them for a kill.
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitAsync(Tasks.Make("long", "sleep", sleepMs: 1500));
        }

        await Task.Delay(500);

        // Its drain unbinds, then cancels its consumers: the events the balancer hears from a kill,
        // but after a binding.deleted of its own. Watched from the signal to a second after exit.
        var seen = new List<string?>();
        await leaving.Process.TerminateAsync();
        var exited = leaving.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        while (!exited.IsCompleted)
        {
            seen.Add(picture.LifecycleOf("leaving"));
            await Task.Delay(20);
        }

        await exited;
        var after = Stopwatch.StartNew();
        while (after.Elapsed < TimeSpan.FromSeconds(1))
        {
            seen.Add(picture.LifecycleOf("leaving"));
            await Task.Delay(20);
        }

        Assert.DoesNotContain(WorkerLifecycleStates.Lost, seen);
    }
}
