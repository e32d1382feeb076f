using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Tests.Shared;

namespace WorkerFleet.Messaging.Tests;

/// <summary>The balancer's picture as a scrape shows it: workers per lifecycle, each worker's load, their balance.</summary>
public sealed class BalancerMetricsTests
{
    [Fact]
    public async Task Scrape_ShowsEachWorkersLoad_AndTheirBalance_AndForgetsAWorkerThatLeft()
    {
        await using var h = await BalancerHarness.StartAsync();
        // (200 ready + 4 busy) x 20 ms / 4 slots: 1.02 s to drain; the idle peer 0 s.
        h.Picture.Record(Beats.Loaded("hot", readyNormal: 200), h.Clock.GetUtcNow());
        h.Picture.Record(Beats.Idle("cold"), h.Clock.GetUtcNow());
        h.Picture.SetLifecycle("hot", WorkerLifecycleStates.Active);
        h.Picture.SetLifecycle("cold", WorkerLifecycleStates.Joining);

        var before = await ScrapedMetrics.CollectAsync(h.Registry);
        Assert.Equal(1.02, before.Value("fleet_balancer_worker_load_seconds", ("worker", "hot"))!.Value, 6);
        Assert.Equal(0.0, before.Value("fleet_balancer_worker_load_seconds", ("worker", "cold")));
        Assert.Equal(0.5, before.Value("fleet_balancer_load_jain_index")); // one of two holds everything
        Assert.Equal(1, before.Value("fleet_balancer_workers", ("lifecycle", WorkerLifecycleStates.Active)));
        Assert.Equal(1, before.Value("fleet_balancer_workers", ("lifecycle", WorkerLifecycleStates.Joining)));
        Assert.Equal(1, before.Value("fleet_balancer_hearing_workers"));

        h.Picture.Remove("hot");
        var after = await ScrapedMetrics.CollectAsync(h.Registry);
        Assert.Null(after.Value("fleet_balancer_worker_load_seconds", ("worker", "hot")));
        Assert.Equal(0, after.Value("fleet_balancer_workers", ("lifecycle", WorkerLifecycleStates.Active)));
        Assert.Equal(1.0, after.Value("fleet_balancer_load_jain_index")); // an idle fleet is even

        h.Clock.Advance(TimeSpan.FromSeconds(5)); // LostAfter at the default 1 s heartbeat: the last worker went silent
        Assert.Equal(0, (await ScrapedMetrics.CollectAsync(h.Registry)).Value("fleet_balancer_hearing_workers"));
    }
}
