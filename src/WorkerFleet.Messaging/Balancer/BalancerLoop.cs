using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// The balancer's clock: every half heartbeat interval (and at once when the broker's events say a
/// worker's consumers are gone) it reports silent and lost workers to their lifecycle,
/// orders peers to drain lost workers' queues (deleting them once empty) and, at most once per
/// balance interval, runs the migration planner and sends its orders. A standby balancer (no
/// heartbeats reach it: the input queue is single-active-consumer) has an empty picture and does
/// nothing until it takes over.
/// </summary>
public sealed partial class BalancerLoop(
    FleetPicture picture,
    BalancingSettings settings,
    ILostWorkerQueues lostQueues,
    IBus bus,
    IEnumerable<AllocationSolverFactory> solvers,
    IOptions<BalancerOptions> options,
    ConsumerLossSignal lossSignal,
    BalancerMetrics metrics,
    TimeProvider clock,
    ILogger<BalancerLoop> logger) : BackgroundService
{
    private readonly BalancerOptions _options = options.Value;
    private readonly AllocationSolverFactory? _solverFactory = solvers.LastOrDefault();
    private MigrationPlanner? _planner;
    private IAllocationSolver? _solver;
    private BalancingOptions? _solverOptions;
    private DateTimeOffset _lastPlan = DateTimeOffset.MinValue;

    // Lost workers whose queues were seen empty, waiting for their peers' next heartbeats.
    private readonly Dictionary<string, QueueRelease> _releases = new(StringComparer.Ordinal);

    // Workers this loop found lost whose lifecycle has not said so yet (the report is a round trip
    // through the broker and the saga, 0.3-0.7 s in the churn bench), with the last heartbeat seen
    // then: drained every tick meanwhile, neither probed nor reported again.
    private readonly Dictionary<string, DateTimeOffset> _foundLost = new(StringComparer.Ordinal);

    // Workers sent the fleet's configuration since they joined (see GreetJoinedAsync).
    private readonly HashSet<string> _greeted = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogRunning(settings.Current.Strategy, _options.HeartbeatInterval, _options.BalanceInterval);
        await WarmUpAsync(stoppingToken);
        using var timer = new PeriodicTimer(_options.TickInterval, clock);
        try
        {
            // A tick comes with the timer, or at once when the broker says a worker's consumers
            // are gone (ConsumerLossSignal); the timer's pending wait is kept across such ticks.
            var nextTick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            var raised = lossSignal.WaitAsync(stoppingToken);
            while (true)
            {
                if (await Task.WhenAny(nextTick, raised) == nextTick)
                {
                    if (!await nextTick)
                    {
                        break;
                    }

                    nextTick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
                }
                else
                {
                    await raised;
                    raised = lossSignal.WaitAsync(stoppingToken);
                }

                try
                {
                    await TickAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogTickFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task TickAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var (reports, probed) = await SilenceReportsAsync(now, ct);
        // Drain orders go before the reports: peers' free slots need not wait for the lifecycle
        // (which unbinds the queues, and can follow a round trip later).
        var lost = reports.Where(report => report.Lost).ToList();
        await DrainLostAsync([.. lost.Select(report => report.WorkerId), .. _foundLost.Keys], probed, ct);
        foreach (var report in lost)
        {
            metrics.WorkerLost();
            LogLostAndDrained(report.WorkerId, report.SilentFor.TotalMilliseconds);
        }

        await Task.WhenAll(reports.Select(report => bus.Publish(report, ct)));
        foreach (var report in lost)
        {
            _foundLost[report.WorkerId] = now - report.SilentFor;
        }

        await GreetJoinedAsync(now, ct);
        await AssistCriticalAsync(ct);
        if (now - _lastPlan >= _options.BalanceInterval && picture.Count > 0)
        {
            _lastPlan = now;
            await PlanAsync(now, ct);
            await bus.Publish(settings.Describe(now), ct);
        }
    }

    /// <summary>
    /// Silent workers to report: suspect after SuspectAfter, lost after LostAfter, or lost at once when
    /// a worker silent for ProbeAfter, or raised by the broker's events, has no consumer left on its
    /// queues: the broker saw its connection close (a killed process), so waiting out LostAfter
    /// would only leave its queue filling while peers idle. A draining worker cancels its consumers
    /// on purpose: never probed.
    /// The probes run at once: each is a broker round trip, tens of ms on a loaded broker. Also
    /// returns what each probe read, so that a worker found lost is drained on those ready counts.
    /// </summary>
    private async Task<(List<WorkerSilent> Reports, Dictionary<string, QueuesProbe> Probed)> SilenceReportsAsync(DateTimeOffset now, CancellationToken ct)
    {
        var silence = picture.Silence(now);
        ForgetSettledLostWorkers(silence, now);
        silence = [.. silence.Where(silent => !_foundLost.ContainsKey(silent.WorkerId))];
        var raised = lossSignal.TakeRaised();
        var probes = await Task.WhenAll(silence.Select(silent => silent.SilentFor < _options.LostAfter
            && (silent.SilentFor >= _options.ProbeAfter || raised.Contains(silent.WorkerId))
            && silent.Lifecycle is WorkerLifecycleStates.Joining or WorkerLifecycleStates.Active or WorkerLifecycleStates.Suspect
                ? lostQueues.ProbeAsync(silent.WorkerId, ct)
                : Task.FromResult<QueuesProbe?>(null)));
        var reports = new List<WorkerSilent>();
        var probed = new Dictionary<string, QueuesProbe>(StringComparer.Ordinal);
        foreach (var ((workerId, lifecycle, silentFor), probe) in silence.Zip(probes))
        {
            var isConsumed = probe?.Consumed;
            if (probe is not null)
            {
                probed[workerId] = probe;
            }

            var lost = silentFor >= _options.LostAfter || isConsumed == false;
            if (raised.Contains(workerId) && isConsumed is not null)
            {
                LogProbedOnEvent(workerId, silentFor.TotalMilliseconds, isConsumed.Value);
            }

            var report = lifecycle switch
            {
                WorkerLifecycleStates.Suspect => lost,
                WorkerLifecycleStates.Lost => false,
                _ => lost || silentFor >= _options.SuspectAfter,
            };
            if (report)
            {
                reports.Add(new WorkerSilent { WorkerId = workerId, SilentFor = silentFor, Lost = lost });
            }
        }

        return (reports, probed);
    }

    /// <summary>
    /// Ends the wait for the lifecycle of workers found lost: when it says Lost (or the worker is
    /// gone), when the worker beats again, or after LostAfter (the report may have been lost with a
    /// balancer's connection, so it is made once more).
    /// </summary>
    private void ForgetSettledLostWorkers(IReadOnlyList<(string WorkerId, string Lifecycle, TimeSpan SilentFor)> silence, DateTimeOffset now)
    {
        var waiting = silence
            .Where(silent => silent.Lifecycle is not WorkerLifecycleStates.Lost && silent.SilentFor < _options.LostAfter
                && _foundLost.TryGetValue(silent.WorkerId, out var lastSeen) && now - silent.SilentFor == lastSeen)
            .Select(silent => silent.WorkerId)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var settled in _foundLost.Keys.Where(workerId => !waiting.Contains(workerId)).ToList())
        {
            _foundLost.Remove(settled);
        }
    }

    /// <summary>
    /// Peers with free slots consume a lost worker's queues; empty queues are deleted once no peer
    /// holds a task taken from them (<see cref="QueueRelease"/>). Workers reported lost in this very
    /// tick are drained at once: a tick later is a heartbeat interval more of their keys' tasks
    /// waiting (deletion still waits for the lifecycle to say Lost), on the ready counts their probe
    /// read in this tick where there was one (a round trip less between a kill and the orders).
    /// </summary>
    private async Task DrainLostAsync(IReadOnlyList<string> justLost, Dictionary<string, QueuesProbe> probed, CancellationToken ct)
    {
        var lostIds = picture.InLifecycle(WorkerLifecycleStates.Lost).Select(lost => lost.WorkerId).Union(justLost, StringComparer.Ordinal).ToList();
        foreach (var stale in _releases.Keys.Except(lostIds, StringComparer.Ordinal).ToList())
        {
            _releases.Remove(stale);
        }

        foreach (var lostId in lostIds)
        {
            var ready = probed.TryGetValue(lostId, out var probe) ? probe.Ready : await lostQueues.ReadyAsync(lostId, ct);
            if (ready.Values.Sum() == 0)
            {
                // Re-read: a worker that beat again meanwhile was reclaimed and keeps its queues.
                if (picture.LifecycleOf(lostId) == WorkerLifecycleStates.Lost
                    && ReleaseOf(lostId).Settled(picture.LiveHeartbeatsExcept(lostId))
                    && await lostQueues.DeleteIfEmptyAsync(lostId, ct))
                {
                    _releases.Remove(lostId);
                    await bus.Publish(new WorkerQueuesRemoved { WorkerId = lostId }, ct);
                }

                continue;
            }

            ReleaseOf(lostId).Reset();
            var level = TaskLevels.All.First(l => ready[l] > 0);
            var peers = LiveLoads(justLost).Where(w => w.Accepting);
            await Task.WhenAll(peers.Select(peer =>
            {
                var count = (int)Math.Min(ready.Values.Sum(), 2L * peer.Slots);
                var drain = new Migration(peer.WorkerId, lostId, level, count, $"worker {lostId} is lost; draining its queues");
                return SendAsync(StealOrders.From(drain) with { VictimLost = true }, BalancerMetrics.DrainOrder, ct);
            }));
        }
    }

    /// <summary>
    /// Sends each worker that joined the picture the fleet's configuration: it need not wait for the
    /// next balance interval's announcement, and the balancer's first send (channel, exchange
    /// declaration: 46-115 ms on the loaded churn bench, later sends 1-20 ms) is paid here rather
    /// than by the drain or steal order that a worker's loss makes urgent.
    /// </summary>
    private async Task GreetJoinedAsync(DateTimeOffset now, CancellationToken ct)
    {
        var present = LiveLoads([]).Select(load => load.WorkerId).ToHashSet(StringComparer.Ordinal);
        _greeted.IntersectWith(present);
        var joined = present.Except(_greeted).ToList();
        if (joined.Count == 0)
        {
            return;
        }

        var config = settings.Describe(now);
        await Task.WhenAll(joined.Select(workerId => SendAsync(workerId, config, ct)));
        _greeted.UnionWith(joined);
    }

    /// <summary>Opens the lost-worker queues' connection; a broker not there yet is retried on first use.</summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        try
        {
            await lostQueues.WarmUpAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogWarmUpFailed(ex);
        }
    }

    /// <summary>
    /// The picture's workers without those this loop found lost (<paramref name="justLost"/> in this
    /// tick, the rest still awaiting their lifecycle's Lost): nothing is planned for them, and no
    /// order sent (one churn run planned a migration to the worker it had just found lost).
    /// </summary>
    private List<WorkerLoad> LiveLoads(IReadOnlyCollection<string> justLost) =>
        [.. picture.Loads().Where(w => !_foundLost.ContainsKey(w.WorkerId) && !justLost.Contains(w.WorkerId, StringComparer.Ordinal))];

    private QueueRelease ReleaseOf(string lostId)
    {
        if (!_releases.TryGetValue(lostId, out var release))
        {
            release = QueueRelease.ForWorker(lostId);
            _releases[lostId] = release;
        }

        return release;
    }

    /// <summary>
    /// Every tick, not every balance interval: a critical task waiting behind other critical tasks
    /// should not wait for a plan (<see cref="CriticalAssist"/>). The helpers' critical credit bounds
    /// what repeated orders bring.
    /// </summary>
    private async Task AssistCriticalAsync(CancellationToken ct)
    {
        if (settings.Current.Strategy == BalancingStrategy.None)
        {
            return;
        }

        foreach (var migration in CriticalAssist.Plan(LiveLoads([])))
        {
            await SendAsync(StealOrders.From(migration) with { CriticalAssist = true }, BalancerMetrics.CriticalAssistOrder, ct);
        }
    }

    private async Task PlanAsync(DateTimeOffset now, CancellationToken ct)
    {
        var current = settings.Current;
        if (current.Strategy is not (BalancingStrategy.Proactive or BalancingStrategy.Adaptive or BalancingStrategy.Optimal))
        {
            return;
        }

        if (_planner is null || !ReferenceEquals(_planner.Options, current))
        {
            _planner = new MigrationPlanner(current);
        }

        var started = clock.GetTimestamp();
        var plan = current.Strategy == BalancingStrategy.Optimal && _solverFactory is not null
            ? SolveOptimally(current, now)
            : _planner.Plan(LiveLoads([]), now);
        metrics.Planned(clock.GetElapsedTime(started));
        // Planned moves are not booked in the picture: the next heartbeat (sooner than the next
        // plan) corrects it anyway, and booking orders a busy thief may only partly carry out
        // starved the reactive steals of idle thieves (measured: adaptive at half of steal's pace).
        foreach (var migration in plan.Migrations)
        {
            await SendAsync(StealOrders.From(migration), BalancerMetrics.PlannedOrder, ct);
        }

        if (plan.Migrations.Count > 0)
        {
            LogPlanned(plan.Migrations.Count, plan.MeanLoadMs, plan.Overloaded.Count, plan.Underloaded.Count);
        }
    }

    /// <summary>
    /// The optimal strategy: the registered solver (CP-SAT in the balancer host) within a quarter
    /// of the balance interval; the solver falls back to the greedy plan itself when out of time.
    /// </summary>
    private Plan SolveOptimally(BalancingOptions current, DateTimeOffset now)
    {
        if (_solver is null || !ReferenceEquals(_solverOptions, current))
        {
            _solver = _solverFactory!(current);
            _solverOptions = current;
        }

        return _solver.Solve(LiveLoads([]), new AllocationConstraints(), _options.BalanceInterval / 4, now);
    }

    private async Task SendAsync(StealOrder order, string reason, CancellationToken ct)
    {
        if (await SendAsync(order.ThiefId, order, ct))
        {
            metrics.OrderSent(reason);
        }
    }

    /// <summary>
    /// Sends to a worker's control queue through <see cref="WorkerControlAddress.Orders"/> (to a
    /// worker that is gone: dropped by the broker). A failure is logged, not thrown: one failed
    /// send must not cost the tick the other orders. True when sent.
    /// </summary>
    private async Task<bool> SendAsync<T>(string workerId, T message, CancellationToken ct)
        where T : class
    {
        try
        {
            var endpoint = await bus.GetSendEndpoint(WorkerControlAddress.Orders);
            await endpoint.Send(message, context => WorkerControlAddress.RouteTo(context, workerId), ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSendFailed(typeof(T).Name, workerId, ex);
            return false;
        }
    }

    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Plan: {Count} migrations (mean load {MeanMs:0} ms, {Over} overloaded, {Under} underloaded)")]
    private partial void LogPlanned(int count, double meanMs, int over, int under);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Information, Message = "Balancer running: strategy {Strategy}, heartbeat {Heartbeat}, balance interval {BalanceInterval}")]
    private partial void LogRunning(BalancingStrategy strategy, TimeSpan heartbeat, TimeSpan balanceInterval);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Worker {WorkerId} found lost after {SilentMs:0} ms of silence; drain orders sent")]
    private partial void LogLostAndDrained(string workerId, double silentMs);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Worker {WorkerId} probed on a broker event after {SilentMs:0} ms of silence: consumed {Consumed}")]
    private partial void LogProbedOnEvent(string workerId, double silentMs, bool consumed);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Warning, Message = "Could not open the connection for lost workers' queues ahead of time; it opens on first use")]
    private partial void LogWarmUpFailed(Exception exception);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Could not send {Message} to worker {WorkerId}")]
    private partial void LogSendFailed(string message, string workerId, Exception exception);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Balancer tick failed")]
    private partial void LogTickFailed(Exception exception);
}
