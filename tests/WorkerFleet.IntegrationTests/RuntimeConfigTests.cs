using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Contracts;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class RuntimeConfigTests(BrokerFixture broker)
{
    [Fact]
    public async Task ChangeFleetConfig_IsAppliedByBothBalancersAndTheWorkers_WithoutRestart()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var active = await TestBalancer.StartAsync(vhost.Broker);
        await using var standby = await TestBalancer.StartAsync(vhost.Broker);
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "cfg-w", 2, new RecordingObserver(),
            new Dictionary<string, string?> { ["Worker:HeartbeatInterval"] = "00:00:00.250" });
        await Task.Delay(1000);

        var bus = active.Services.GetRequiredService<IBus>();
        await bus.Publish(new ChangeFleetConfig { Strategy = "steal", StealThresholdMs = 7, AgingBoost = 0.9 });

        await Wait.UntilAsync(() =>
            IsChanged(active.Settings.Current) && IsChanged(standby.Settings.Current) && worker.Engine.SchedulerOptions.AgingBoost == 0.9,
            TimeSpan.FromSeconds(15), "the change to reach every balancer and worker");
        Assert.Equal(BalancingStrategy.Steal, standby.Settings.Current.Strategy);
        Assert.Equal(7, standby.Settings.Current.StealThresholdMs);
    }

    private static bool IsChanged(BalancingOptions options) =>
        options.Strategy == BalancingStrategy.Steal && options.StealThresholdMs == 7 && options.AgingBoost == 0.9;
}
