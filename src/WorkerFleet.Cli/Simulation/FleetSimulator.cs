using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// A discrete-event simulation of the fleet on a virtual clock: no wall clock, no threads, no
/// broker. Events wait in a priority queue keyed by virtual time, ties in the order they were
/// scheduled, so a setup always gives the same run.
/// </summary>
/// <remarks>
/// <para>The policies are the core's own: each worker's <c>LocalScheduler</c> picks what runs when a
/// slot frees and its own queues' prefetch follows <see cref="LookaheadPolicy"/>; under <c>steal</c>
/// and <c>adaptive</c> an idle worker goes back to a leased victim (<see cref="StealPolicy.LeaseCount"/>)
/// or asks the balancer, which answers with <see cref="StealPolicy.ChooseVictim"/> over its
/// heartbeat-old picture; under <c>adaptive</c> the balancer also runs a <see cref="MigrationPlanner"/>
/// every balance interval (see the Balancing part of this class).</para>
/// <para>What the real fleet costs beyond the policies is the <see cref="SimulationModel"/>: a task
/// runs duration_ms / speed + overshoot; its slot takes the next held task a refill later; the
/// broker delivers a window's next message a delivery later.</para>
/// </remarks>
public sealed partial class FleetSimulator
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    private readonly SimulationSetup _setup;
    private readonly SimulationModel _model;
    private readonly SimulatedWorker[] _workers;
    private readonly SimulatedTasks _tasks;
    private readonly SharedQueue? _shared;

    // What differs between two real runs besides the routing: the order the consumers registered, the heartbeat phases.
    private readonly Random _random;
    private readonly PriorityQueue<SimulationEvent, (double AtMs, long Sequence)> _events = new();
    private readonly Func<int, SchedulingInfo> _info;
    private long _sequence;
    private long _completed;
    private double _nowMs;

    public FleetSimulator(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (SimulationStrategies.Parse(setup.Strategy) is not [_])
        {
            throw new ArgumentException($"strategy must be one of {string.Join(", ", SimulationStrategies.All)}", nameof(setup));
        }

        if (setup.Model.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException($"model: {string.Join("; ", errors)}", nameof(setup));
        }

        _setup = setup;
        _model = setup.Model;
        var lookahead = _model.Lookahead();
        _workers = [.. setup.Workers.Select((spec, index) => new SimulatedWorker(index, spec, lookahead))];
        _tasks = new SimulatedTasks(setup.Tasks, SimulatedTasks.OwnerLookup(setup));
        _random = new Random(setup.Seed);
        _shared = setup.Strategy == SimulationStrategies.Shared ? new SharedQueue(_workers, _random) : null;
        _info = task => _tasks.Info(task, Start);
        (_byId, _picture, _planner) = BalancingFor(setup, _workers);
    }

    /// <summary>Tasks completed so far (read from another thread for progress).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public int TaskCount => _tasks.Count;

    private DateTimeOffset Now => Start.AddMilliseconds(_nowMs);

    private bool Done => _completed == _tasks.Count;

    /// <summary>Runs the simulation to the end (every task done) and computes the bench's numbers.</summary>
    public SimulationReport Run()
    {
        // Tasks due at the same time are submitted as one batch (the publisher outpaces the
        // workers), so the fleet sees the whole batch before anyone asks for work.
        var order = Enumerable.Range(0, _tasks.Count).OrderBy(task => _tasks.SubmitMs[task]).ToArray();
        for (var first = 0; first < order.Length;)
        {
            var end = first;
            while (end < order.Length && _tasks.SubmitMs[order[end]] == _tasks.SubmitMs[order[first]])
            {
                end++;
            }

            Schedule(_tasks.SubmitMs[order[first]], new SimulationEvent(SimulationEventKind.Submitted, -1, -1, order[first..end]));
            first = end;
        }

        _unsubmitted = _tasks.Count;
        StartBalancing();
        while (_events.TryDequeue(out var next, out var key))
        {
            _nowMs = key.AtMs;
            Handle(next);
        }

        return SimulationMetrics.Compute(_setup, _tasks, _workers) with { StealRequests = _stealRequests, LeaseSteals = _leaseSteals };
    }

    private void Handle(SimulationEvent next)
    {
        var worker = next.Worker >= 0 ? _workers[next.Worker] : null;
        switch (next.Kind)
        {
            case SimulationEventKind.Submitted:
                Submit(next.Batch!);
                break;
            case SimulationEventKind.Delivered:
                Arrive(worker!, next.Batch!);
                break;
            case SimulationEventKind.Finished:
                Finish(worker!, next.Task);
                break;
            default:
                HandleBalancing(next, worker);
                break;
        }
    }

    private void Schedule(double atMs, SimulationEvent simulationEvent) => _events.Enqueue(simulationEvent, (atMs, _sequence++));

    private void Submit(int[] batch)
    {
        _unsubmitted -= batch.Length;
        if (_shared is not null)
        {
            foreach (var task in batch)
            {
                _shared.Publish(task);
            }

            DispatchShared();
            return;
        }

        var owners = new List<int>();
        var seen = new HashSet<int>();
        foreach (var task in batch)
        {
            var owner = _tasks.Owner[task];
            if (seen.Add(owner))
            {
                owners.Add(owner);
            }

            _workers[owner].Route(task, _tasks.Level[task]);
        }

        _queued += batch.Length;
        foreach (var owner in owners)
        {
            Pump(_workers[owner]);
        }

        WakeParked(batch.Length);
    }

    private void Arrive(SimulatedWorker worker, int[] tasks)
    {
        worker.Arriving -= tasks.Length;
        foreach (var task in tasks)
        {
            worker.Held.Enqueue(task, _info(task), Now);
        }

        Pump(worker);
    }

    private void Finish(SimulatedWorker worker, int task)
    {
        _tasks.Completions[task]++;
        Interlocked.Increment(ref _completed);
        worker.Finished(_tasks.Level[task], _tasks.EndMs[task] - _tasks.StartMs[task], ownWindow: _tasks.FromOwnQueue[task]);
        if (_shared is not null)
        {
            _shared.Acked(worker.Index);
            DispatchShared();
        }

        Pump(worker);
    }

    /// <summary>After any change to a worker: the broker delivers into its windows, free slots fill, an idle worker asks for work.</summary>
    private void Pump(SimulatedWorker worker)
    {
        if (_shared is null)
        {
            var delivered = worker.Deliver();
            if (delivered.Count > 0)
            {
                _queued -= delivered.Count;
                foreach (var task in delivered)
                {
                    _tasks.FromOwnQueue[task] = true;
                }

                Schedule(_nowMs + _model.DeliveryMs, new SimulationEvent(SimulationEventKind.Delivered, worker.Index, -1, [.. delivered]));
            }
        }

        var now = Now;
        while (worker.Busy < worker.Spec.Slots && worker.Held.TryDequeue(now, out var task))
        {
            StartTask(worker, task);
        }

        AskWhenIdle(worker);
    }

    private void DispatchShared()
    {
        foreach (var (worker, task) in _shared!.Dispatch())
        {
            _workers[worker].Arriving++;
            Schedule(_nowMs + _model.DeliveryMs, new SimulationEvent(SimulationEventKind.Delivered, worker, -1, [task]));
        }
    }

    private void StartTask(SimulatedWorker worker, int task)
    {
        var runMs = (_tasks.DurationMs(task) / worker.Spec.Speed) + _model.OvershootMs;
        _tasks.Runner[task] = worker.Index;
        _tasks.StartMs[task] = _nowMs;
        _tasks.EndMs[task] = _nowMs + runMs;
        worker.Busy++;
        Schedule(_nowMs + runMs + _model.RefillMs, new SimulationEvent(SimulationEventKind.Finished, worker.Index, task));
    }
}
