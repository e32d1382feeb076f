using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime.Metrics;

/// <summary>
/// The worker's state as gauges, and the counters it already keeps for its heartbeats, read when
/// the registry is collected (a scrape), not on every change.
/// </summary>
internal sealed class WorkerStateMetrics(
    IMetricFactory metrics,
    CollectorRegistry registry,
    IOptions<WorkerOptions> options,
    WorkerEngine engine,
    WorkerCounters counters,
    PeerDirectory peers,
    TimeProvider clock) : IHostedService
{
    /// <summary>Longest a scrape waits for the queues' ready counts; Prometheus's own scrape timeout is 10 s by default.</summary>
    private static readonly TimeSpan QueueReadTimeout = TimeSpan.FromSeconds(2);

    private readonly Gauge _slots = metrics.CreateGauge("fleet_worker_slots", "Tasks this worker runs at once.");
    private readonly Gauge _busy = metrics.CreateGauge("fleet_worker_busy_slots", "Slots running a task (critical headroom included).");
    private readonly Gauge _held = metrics.CreateGauge("fleet_worker_held_tasks", "Tasks delivered to this worker and waiting in its local scheduler.");
    private readonly Gauge _prefetch = metrics.CreateGauge("fleet_worker_level_prefetch", "Prefetch of each own level queue's consumer (the lookahead).");
    private readonly Gauge _draining = metrics.CreateGauge("fleet_worker_draining", "1 from the start of a graceful stop.");
    private readonly Gauge _breakers = metrics.CreateGauge("fleet_worker_open_breakers", "Task kinds whose circuit breaker is open on this worker.");
    private readonly Gauge _serviceTime = metrics.CreateGauge("fleet_worker_service_time_seconds", "Moving average of completed tasks' run time (what the balancer plans with).");
    private readonly Counter _stolen = metrics.CreateCounter("fleet_worker_stolen_tasks_total", "Tasks this worker fetched from peers' queues on steals and drain orders.");
    private readonly Counter _handedBack = metrics.CreateCounter("fleet_worker_handed_back_total", "Tasks put back in the fallback queue because this worker's breaker for their kind was open.");
    private readonly Counter _heartbeatsHeard = metrics.CreateCounter("fleet_worker_peer_heartbeats_heard_total", "Peers' heartbeats this worker received (only while it samples peers or drains).");

    private readonly Gauge _queueReady = metrics.CreateGauge("fleet_worker_queue_ready_tasks",
        "Tasks waiting in this worker's own queue of each level in the broker (stealable; read at each scrape).", ["level"]);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _slots.Set(options.Value.Slots);
        registry.AddBeforeCollectCallback(Update);
        registry.AddBeforeCollectCallback(UpdateQueuesAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A passive declare per level, as for the heartbeat; a queue not there (yet) shows no series.
    /// Bounded, and a failed read shows NaN: the scrape must still answer while the broker is away,
    /// which is when the other metrics matter most.
    /// </summary>
    private async Task UpdateQueuesAsync(CancellationToken ct)
    {
        using var timeout = new CancellationTokenSource(QueueReadTimeout, clock);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
        try
        {
            foreach (var (level, ready) in await engine.ReadyCountsAsync(bounded.Token))
            {
                if (ready is { } count)
                {
                    _queueReady.WithLabels(level.ToWireName()).Set(count);
                }
            }
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            foreach (var level in TaskLevels.All)
            {
                _queueReady.WithLabels(level.ToWireName()).Set(double.NaN);
            }
        }
    }

    private void Update()
    {
        _busy.Set(engine.BusySlots);
        _held.Set(engine.HeldLocally);
        _prefetch.Set(engine.LevelPrefetch);
        _draining.Set(engine.Draining ? 1 : 0);
        _breakers.Set(engine.OpenBreakers.Count);
        _serviceTime.Set(counters.EwmaServiceMs / 1000.0);
        _stolen.IncTo(counters.Stolen);
        _handedBack.IncTo(counters.HandedBack);
        _heartbeatsHeard.IncTo(peers.HeartbeatsHeard);
    }
}
