using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

/// <summary>
/// The worker's data plane. Deliveries from its own queues (and, when idle, the fallback queues)
/// enter the local scheduler; a dispatch loop fills free slots with the scheduler's next choice, and
/// a slot whose task ended takes the next choice itself while there is one; each task is acked only
/// after its handler finished, or dead-lettered with its reason.
/// Stopping drains: unbind, stop consuming, give back what has not started, finish what runs,
/// hand the rest of the own queues back to fleet.tasks, delete the empty queues.
/// </summary>
public sealed partial class WorkerEngine(
    IOptions<WorkerOptions> options,
    BrokerAddress broker,
    TaskExecutor executor,
    HandlerRegistry handlers,
    IEnumerable<IExecutionObserver> observers,
    WorkerCounters counters,
    IdleSignal idle,
    PeerDirectory peers,
    TimeProvider clock,
    ILogger<WorkerEngine> logger) : IHostedService, IAsyncDisposable
{
    private readonly WorkerOptions _options = options.Value;
    private readonly IExecutionObserver[] _observers = observers.ToArray();
    private readonly LocalScheduler<HeldTask> _scheduler = new(options.Value.Scheduler);
    private readonly Lock _schedulerGate = new();
    private readonly SemaphoreSlim _slots = new(options.Value.Slots, options.Value.Slots);
    private readonly SemaphoreSlim _arrivals = new(0);
    private readonly CancellationTokenSource _stopDispatch = new();
    private readonly CancellationTokenSource _abandonRunning = new();
    // Keyed by identity: each delivery is held once, and the record's generated hash walked the
    // whole task, payload included, twice per task.
    private readonly ConcurrentDictionary<HeldTask, Task> _running = new(ReferenceEqualityComparer.Instance);

    /// <summary>Completed tasks whose record or ack is still on its way (a drain waits for them).</summary>
    private readonly ConcurrentDictionary<HeldTask, Task> _settling = new(ReferenceEqualityComparer.Instance);
    private IConnection? _connection;
    private IChannel? _control;
    private WorkerQueueConsumer? _consumer;
    private QueueReader? _reader;
    private QueueProbe? _probe;
    private TaskRepublisher? _republisher;
    private Task _dispatchLoop = Task.CompletedTask;
    private Task _lookaheadTuner = Task.CompletedTask;
    private bool _closedToArrivals;
    private int _disposed;
    private bool _fallbackSeenEmpty;

    /// <summary>True from the start of a graceful stop.</summary>
    public bool Draining { get; private set; }

    /// <summary>Kinds whose circuit breaker is open on this worker.</summary>
    public IReadOnlyList<string> OpenBreakers => executor.OpenBreakers();

    /// <summary>Tasks a graceful stop gave back to fleet.tasks.</summary>
    public long HandedOff { get; private set; }

    /// <summary>Slots running a task (the dispatcher's claim on a slot it is still filling is free; critical headroom counts).</summary>
    public int BusySlots => _running.Count;

    public int FreeSlots => Math.Max(0, _options.Slots - _running.Count);

    /// <summary>
    /// How many tasks a steal may bring: the same bounded lookahead as a level's own prefetch
    /// (2 x slots, running and held together), so a thief's next task is local when a slot frees
    /// instead of one steal round trip away.
    /// </summary>
    public int StealCredit => _options.SharedQueue is null ? Math.Max(0, (2 * _options.Slots) - _running.Count - HeldLocally) : 0;

    /// <summary>
    /// How many of a peer's waiting critical tasks a critical-assist order may bring: up to a slot's
    /// worth of critical tasks held here, whatever else is held (they run first).
    /// </summary>
    public int CriticalCredit
    {
        get
        {
            if (_options.SharedQueue is not null)
            {
                return 0;
            }

            lock (_schedulerGate)
            {
                return Math.Max(0, _options.Slots - _scheduler.CountOf(TaskLevel.Critical));
            }
        }
    }

    /// <summary>
    /// How many tasks of a lost worker an order may bring: one slot's worth more than
    /// <see cref="StealCredit"/>. Under load no peer has steal credit (its own queues keep its
    /// lookahead full), and a lost worker's queue has no consumer of its own: its tasks would wait
    /// there until load drops (churn: up to 1.5 s) instead of behind a few held tasks here.
    /// </summary>
    public int DrainCredit => _options.SharedQueue is null ? Math.Max(0, (3 * _options.Slots) - _running.Count - HeldLocally) : 0;

    /// <summary>The prefetch of each own level queue's consumer (0 before start).</summary>
    public int LevelPrefetch => _consumer?.Prefetch ?? 0;

    public int HeldLocally
    {
        get
        {
            lock (_schedulerGate)
            {
                return _scheduler.Count;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var id = _options.Id;
        ReserveThreadsForBlockingHandlers();
        _connection = await FleetConnections.ConnectAsync(broker.Uri, $"fleet-worker-{id}", cancellationToken);
        _control = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await FleetTopology.DeclareFleetAsync(_control, _options.QueueType, cancellationToken);
        if (_options.SharedQueue is { } shared)
        {
            await FleetTopology.DeclareSharedQueueAsync(_control, shared, _options.QueueType, cancellationToken);
        }
        else
        {
            await FleetTopology.DeclareWorkerQueuesAsync(_control, id, _options.QueueType, cancellationToken);
        }

        _republisher = new TaskRepublisher(await FleetConnections.CreateConfirmedChannelAsync(_connection, cancellationToken), id);
        _reader = new QueueReader(_connection);
        _probe = new QueueProbe(_connection);

        await WarmUpAsync(cancellationToken);

        // Each level may hold at least 2 x Slots delivered tasks: with every slot running tasks of a
        // level, a slot's worth more waits locally, so when a slot frees the scheduler can pick a
        // critical task over a low one without a broker round trip. Short tasks raise it to cover
        // the lookahead window (LookaheadPolicy). This bounded lookahead is all a worker holds;
        // everything else stays in the broker, stealable (measured: docs/architecture.md).
        if (_options.SharedQueue is { } sharedQueue)
        {
            // The competing-consumer baseline: prefetch = slots, Celery's best (prefetch multiplier 1).
            _consumer = await WorkerQueueConsumer.StartAsync(_connection, [(sharedQueue, TaskLevel.Normal)],
                checked((ushort)_options.Slots), AdmitAsync, cancellationToken);
        }
        else
        {
            var prefetch = checked((ushort)_lookahead.Prefetch(_options.Slots, serviceMs: 0));
            var ownQueues = TaskLevels.All.Select(level => (BrokerNames.WorkerQueue(id, level), level)).ToList();
            _consumer = await WorkerQueueConsumer.StartAsync(_connection, ownQueues, prefetch, AdmitAsync, cancellationToken);
            await FleetTopology.BindWorkerQueuesAsync(_control, id, _options.EffectiveRingWeight, cancellationToken);
            _lookaheadTuner = Task.Run(TuneLookaheadAsync, CancellationToken.None);
        }

        _dispatchLoop = Task.Run(DispatchLoopAsync, CancellationToken.None);
        LogStarted(id, _options.Slots, handlers.Kinds);
    }

    /// <summary>
    /// Handlers may block their thread (Thread.Sleep, synchronous I/O, a lock), so every running task
    /// can hold a thread-pool thread. Once all of its threads are blocked the pool adds them slowly,
    /// about two a second, and the worker's deliveries, acks and heartbeats wait for the same pool: a
    /// 16-slot worker ran 6 blocking tasks at once instead of 16 (BlockingHandlerTests). So the pool
    /// keeps a thread for every slot and the critical headroom, plus one per core for the worker's own
    /// work, ready without delay. Raised only, never lowered: the process may need more.
    /// </summary>
    private void ReserveThreadsForBlockingHandlers()
    {
        ThreadPool.GetMinThreads(out var workerThreads, out var completionPortThreads);
        var wanted = _options.Slots + _options.CriticalHeadroom + Environment.ProcessorCount;
        if (wanted > workerThreads)
        {
            ThreadPool.SetMinThreads(wanted, completionPortThreads);
        }
    }

    /// <summary>Best effort: a worker that could not warm up still starts, its first tasks slower.</summary>
    private async Task WarmUpAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        try
        {
            await WorkerWarmUp.RunAsync(_connection!, handlers, _options, clock, ct);
            var elapsedMs = clock.GetElapsedTime(started).TotalMilliseconds;
            LogWarmedUp(elapsedMs);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogWarmUpFailed(ex);
        }
    }

    /// <summary>The local scheduler's settings in force (they change at run time with the aging boost).</summary>
    public SchedulerOptions SchedulerOptions
    {
        get
        {
            lock (_schedulerGate)
            {
                return _scheduler.Options;
            }
        }
    }

    /// <summary>Applies a run-time change of the aging boost (FleetConfigChanged); held tasks keep their place.</summary>
    public void SetAgingBoost(double boost)
    {
        lock (_schedulerGate)
        {
            var current = _scheduler.Options;
            _scheduler.UpdateOptions(new SchedulerOptions
            {
                HighWeight = current.HighWeight,
                NormalWeight = current.NormalWeight,
                LowWeight = current.LowWeight,
                AgingThreshold = current.AgingThreshold,
                AgingBoost = boost,
                TenantWeights = current.TenantWeights,
                DefaultTenantWeight = current.DefaultTenantWeight,
            });
        }
    }

    /// <summary>Ready tasks in the worker's own queues by level (null where a probe failed).</summary>
    public Task<IReadOnlyDictionary<TaskLevel, long?>> ReadyCountsAsync(CancellationToken ct) => ReadyCountsAsync(_options.Id, ct);

    /// <summary>Peers' queues this worker holds unsettled tasks of (see <see cref="Contracts.WorkerHeartbeat.HoldingFrom"/>).</summary>
    public Task<IReadOnlyList<string>> HoldingFromAsync(CancellationToken ct) =>
        _reader is null ? Task.FromResult<IReadOnlyList<string>>([]) : _reader.HoldingFromAsync(ct);

    /// <summary>Ready tasks in a worker's queues by level (null where the queue is missing).</summary>
    public async Task<IReadOnlyDictionary<TaskLevel, long?>> ReadyCountsAsync(string workerId, CancellationToken ct)
    {
        var counts = new Dictionary<TaskLevel, long?>();
        foreach (var level in TaskLevels.All)
        {
            counts[level] = _probe is null ? null : await _probe.ReadyCountAsync(BrokerNames.WorkerQueue(workerId, level), ct);
        }

        return counts;
    }

    private async Task AdmitAsync(TaskDelivery delivery)
    {
        var parsed = TaskParser.Parse(delivery.Body.Span, _options.MaxBodyBytes, delivery.Affinity);
        if (parsed.Task is not { } task)
        {
            await RejectAsync(delivery, null, parsed.Reason!, parsed.Detail!);
            return;
        }

        if (!handlers.Handles(task.Kind))
        {
            await RejectAsync(delivery, task, DeadLetterReason.UnknownKind, $"no handler for kind '{task.Kind}' on worker {_options.Id}");
            return;
        }

        if (executor.IsBreakerOpen(task.Kind))
        {
            await HandBackAsync(delivery, task);
            return;
        }

        bool admitted;
        lock (_schedulerGate)
        {
            admitted = !_closedToArrivals;
            if (admitted)
            {
                _scheduler.Enqueue(new HeldTask(delivery, task), task.ToSchedulingInfo(), clock.GetUtcNow());
            }
        }

        if (admitted)
        {
            if (!TryStartInFreeSlot())
            {
                _arrivals.Release();
            }

            if (task.Level == TaskLevel.Critical)
            {
                StartCriticalInHeadroom();
            }
        }
        else
        {
            await delivery.RequeueAsync();
        }
    }

    private async Task DispatchLoopAsync()
    {
        var stop = _stopDispatch.Token;
        try
        {
            while (true)
            {
                await _slots.WaitAsync(stop);
                HeldTask next;
                try
                {
                    next = await NextTaskAsync(stop);
                }
                catch (OperationCanceledException)
                {
                    _slots.Release();
                    throw;
                }

                StartRunning(next, inHeadroom: false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Graceful stop: the loop ends; running tasks finish on their own.
        }
    }

    private async Task<HeldTask> NextTaskAsync(CancellationToken stop)
    {
        while (true)
        {
            if (TryTakeNext(out var held))
            {
                return held;
            }

            // A free slot and nothing held: spare credit goes to tasks waiting in the fallback queues.
            if (!_fallbackSeenEmpty && _options.SharedQueue is null && await TryTakeFromFallbackAsync(stop))
            {
                continue;
            }

            _fallbackSeenEmpty = true;
            idle.Raise();
            if (!await WaitForArrivalAsync(stop))
            {
                _fallbackSeenEmpty = false;
            }
        }
    }

    /// <summary>
    /// Where a slot is free, starts the scheduler's next choice from the delivery's own thread instead
    /// of waking the dispatch loop: with short tasks slots are mostly free, and the loop's wake-up was
    /// a thread-pool hop per task. False when no slot is free (the loop, or a slot ending, takes it).
    /// </summary>
    private bool TryStartInFreeSlot()
    {
        if (_stopDispatch.IsCancellationRequested || !_slots.Wait(0))
        {
            return false;
        }

        if (TryTakeNext(out var next))
        {
            StartRunning(next, inHeadroom: false);
        }
        else
        {
            // A slot ending took it first.
            _slots.Release();
        }

        return true;
    }

    /// <summary>The scheduler's next choice among the held tasks, if it holds any.</summary>
    private bool TryTakeNext([NotNullWhen(true)] out HeldTask? next)
    {
        lock (_schedulerGate)
        {
            if (_scheduler.TryDequeue(clock.GetUtcNow(), out var held))
            {
                if (_scheduler.Count == 0)
                {
                    // The lookahead just ran dry: ask for more before a slot frees and waits.
                    idle.Raise();
                }

                next = held;
                return true;
            }
        }

        next = null;
        return false;
    }

    /// <summary>Waits for an admitted task at most one fallback poll interval (on the injected clock).</summary>
    private async Task<bool> WaitForArrivalAsync(CancellationToken stop)
    {
        using var poll = new CancellationTokenSource(_options.FallbackPollInterval, clock);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(poll.Token, stop);
        try
        {
            await _arrivals.WaitAsync(either.Token);
            return true;
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return false;
        }
    }
}
