using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;
using WorkerFleet.Messaging.Metrics;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// What the balancer decided, as counters, and its picture of the fleet, as gauges read at each
/// scrape: the workers per lifecycle state, each live worker's load (expected drain time, what the
/// planner and the steal policy compare) and the balance of those loads.
/// </summary>
public sealed class BalancerMetrics(
    IMetricFactory metrics,
    CollectorRegistry registry,
    FleetPicture picture,
    BalancingSettings settings,
    IOptions<BalancerOptions> options,
    TimeProvider clock) : IHostedService
{
    public const string PlannedOrder = "plan";
    public const string DrainOrder = "drain";
    public const string CriticalAssistOrder = "critical_assist";
    private const string OrderAnswer = "order";
    private const string NothingAnswer = "nothing";

    private static readonly string[] Lifecycles =
    [
        WorkerLifecycleStates.Joining, WorkerLifecycleStates.Active, WorkerLifecycleStates.Suspect,
        WorkerLifecycleStates.Lost, WorkerLifecycleStates.Draining,
    ];

    private readonly Counter _stealAnswers = metrics.CreateCounter("fleet_balancer_steal_requests_total",
        "Idle workers' steal requests answered, by answer: order (a victim and a count) or nothing.", ["answer"])
        .WithZeroSeries(OrderAnswer, NothingAnswer);

    private readonly Counter _orders = metrics.CreateCounter("fleet_balancer_orders_total",
        "Orders sent to workers on the balancer's own initiative, by reason: plan (a planned migration), drain (a lost worker's queues), critical_assist.", ["reason"])
        .WithZeroSeries(PlannedOrder, DrainOrder, CriticalAssistOrder);

    private readonly Counter _lost = metrics.CreateCounter("fleet_balancer_lost_workers_total", "Workers this balancer found lost (silent, or their consumers gone).");

    private readonly Histogram _planTime = metrics.CreateHistogram("fleet_balancer_plan_seconds", "Time one planning round took (greedy or CP-SAT).",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 4, 10) });

    private readonly Gauge _workers = metrics.CreateGauge("fleet_balancer_workers", "Workers in the balancer's picture, by lifecycle state.", ["lifecycle"]);

    private readonly Gauge _load = metrics.CreateGauge("fleet_balancer_worker_load_seconds",
        "Each live worker's expected drain time from its last heartbeat: (ready + busy) x service time / slots.", ["worker"]);

    private readonly Gauge _balance = metrics.CreateGauge("fleet_balancer_load_jain_index",
        "Jain's index over the live workers' expected drain times: 1 when even, 1/n when one worker holds everything (1 when the fleet is idle).");

    private readonly Gauge _hearing = metrics.CreateGauge("fleet_balancer_hearing_workers",
        "1 while some worker's heartbeat reached this balancer within the lost-after window: it is the active balancer of a fleet with workers (a standby hears none).");

    private readonly HashSet<string> _loadLabels = new(StringComparer.Ordinal);

    public void StealAnswered(bool ordered) => _stealAnswers.WithLabels(ordered ? OrderAnswer : NothingAnswer).Inc();

    public void OrderSent(string reason) => _orders.WithLabels(reason).Inc();

    public void WorkerLost() => _lost.Inc();

    public void Planned(TimeSpan took) => _planTime.Observe(took.TotalSeconds);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        registry.AddBeforeCollectCallback(Update);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Update()
    {
        var lostAfter = options.Value.LostAfter;
        _hearing.Set(picture.Silence(clock.GetUtcNow()).Any(worker => worker.SilentFor < lostAfter) ? 1 : 0);
        foreach (var lifecycle in Lifecycles)
        {
            _workers.WithLabels(lifecycle).Set(picture.InLifecycle(lifecycle).Count);
        }

        var defaultServiceMs = settings.Current.DefaultServiceMs;
        var drainMs = picture.Loads().ToDictionary(worker => worker.WorkerId, worker => worker.ExpectedDrainMs(defaultServiceMs), StringComparer.Ordinal);
        foreach (var (workerId, ms) in drainMs)
        {
            _load.WithLabels(workerId).Set(ms / 1000.0);
        }

        // A worker that left takes its series with it (a rolling restart would otherwise pile them up).
        lock (_loadLabels)
        {
            foreach (var gone in _loadLabels.Where(workerId => !drainMs.ContainsKey(workerId)).ToList())
            {
                _load.RemoveLabelled(gone);
                _loadLabels.Remove(gone);
            }

            _loadLabels.UnionWith(drainMs.Keys);
        }

        _balance.Set(drainMs.Values.Sum() > 0 ? Scheduling.FairnessMetrics.JainIndex([.. drainMs.Values]) : 1);
    }
}
