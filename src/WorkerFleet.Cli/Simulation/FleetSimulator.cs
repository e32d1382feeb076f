using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// A discrete-event simulation of the fleet on a virtual clock: no wall clock, no threads, no
/// broker. Events (a task submitted, a task finished, stolen tasks arriving at their thief) wait
/// in a priority queue keyed by virtual time, ties in the order they were scheduled, so a setup
/// always gives the same run.
/// </summary>
/// <remarks>
/// <para>The policies are the core's own: each worker's <c>LocalScheduler</c> picks what runs when a
/// slot frees, and under <c>steal</c> a worker with a free slot and nothing of its own asks
/// <see cref="StealPolicy.ChooseVictim"/> over <see cref="WorkerLoad"/> views of the heaviest few
/// workers (found in a <see cref="VictimIndex"/>, never by scanning the fleet), then takes that
/// many tasks from the head of the victim's queue; they reach it <see cref="SimulationSetup.StealLatencyMs"/>
/// later. A thief that finds nothing parks until a task is submitted somewhere (one parked thief
/// wakes per submission): with nothing arriving, queues only shrink, so asking again would find
/// nothing new either.</para>
/// <para>A task runs for duration_ms / the runner's speed.</para>
/// </remarks>
public sealed class FleetSimulator
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;

    private readonly SimulationSetup _setup;
    private readonly SimulatedWorker[] _workers;
    private readonly Dictionary<string, int> _byId;
    private readonly SimulatedTasks _tasks;
    private readonly VictimIndex? _victims;
    private readonly PriorityQueue<SimulationEvent, (double AtMs, long Sequence)> _events = new();
    private readonly Queue<int> _parked = new();
    private readonly Func<int, Scheduling.SchedulingInfo> _info;
    private long _sequence;
    private long _completed;
    private double _nowMs;

    public FleetSimulator(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (SimulationStrategies.Parse(setup.Strategy) is not [_])
        {
            throw new ArgumentException($"strategy must be {SimulationStrategies.None} or {SimulationStrategies.Steal}", nameof(setup));
        }

        _setup = setup;
        _workers = [.. setup.Workers.Select((spec, index) => new SimulatedWorker(index, spec))];
        _byId = setup.Workers.Select((spec, index) => (spec.Id, index)).ToDictionary(pair => pair.Id, pair => pair.index, StringComparer.Ordinal);
        _tasks = new SimulatedTasks(setup.Tasks, new HashRing(setup.Workers, setup.Seed));
        _victims = setup.Strategy == SimulationStrategies.Steal ? new VictimIndex(setup.Balancing.DefaultServiceMs) : null;
        _info = task => _tasks.Info(task, Start);
    }

    /// <summary>Tasks completed so far (read from another thread for progress).</summary>
    public long Completed => Interlocked.Read(ref _completed);

    public int TaskCount => _tasks.Count;

    private DateTimeOffset Now => Start.AddMilliseconds(_nowMs);

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

        // Nobody has asked for work yet: every worker starts parked, woken by the first submissions.
        foreach (var worker in _workers)
        {
            worker.Parked = true;
            _parked.Enqueue(worker.Index);
        }

        while (_events.TryDequeue(out var next, out var key))
        {
            _nowMs = key.AtMs;
            switch (next.Kind)
            {
                case SimulationEventKind.Submitted:
                    Submit(next.Batch!);
                    break;
                case SimulationEventKind.Finished:
                    Finish(_workers[next.Worker], next.Task);
                    break;
                case SimulationEventKind.StolenArrived:
                    Receive(_workers[next.Worker], next.Batch!);
                    break;
                default:
                    throw new InvalidOperationException($"unknown event {next.Kind}");
            }
        }

        return SimulationMetrics.Compute(_setup, _tasks, _workers);
    }

    private void Schedule(double atMs, SimulationEvent simulationEvent) => _events.Enqueue(simulationEvent, (atMs, _sequence++));

    private void Submit(int[] batch)
    {
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

        foreach (var owner in owners)
        {
            Pump(_workers[owner]);
        }

        // New work somewhere: a parked thief per task submitted looks again (stale entries, of
        // workers woken meanwhile, are skipped).
        var woken = 0;
        while (woken < batch.Length && _parked.TryDequeue(out var index))
        {
            var thief = _workers[index];
            if (thief.Parked)
            {
                thief.Parked = false;
                woken++;
                Pump(thief);
            }
        }
    }

    private void Finish(SimulatedWorker worker, int task)
    {
        _tasks.EndMs[task] = _nowMs;
        _tasks.Completions[task]++;
        Interlocked.Increment(ref _completed);
        worker.Finished(_tasks.Level[task], _nowMs - _tasks.StartMs[task], own: _tasks.Owner[task] == worker.Index);
        Pump(worker);
    }

    private void Receive(SimulatedWorker thief, int[] stolen)
    {
        thief.Stealing = false;
        foreach (var task in stolen)
        {
            thief.Held.Enqueue(task, _info(task), Now);
        }

        Pump(thief);
    }

    /// <summary>After any change to a worker: deliver from its queues, fill free slots, steal when idle.</summary>
    private void Pump(SimulatedWorker worker)
    {
        var now = Now;
        worker.Deliver(_info, now);
        while (worker.Busy < worker.Spec.Slots && worker.Held.TryDequeue(now, out var task))
        {
            StartTask(worker, task);
        }

        if (_victims is null)
        {
            return;
        }

        if (worker.Idle && !worker.Stealing)
        {
            TrySteal(worker);
        }

        _victims.Update(worker);
    }

    private void StartTask(SimulatedWorker worker, int task)
    {
        _tasks.Runner[task] = worker.Index;
        _tasks.StartMs[task] = _nowMs;
        worker.Busy++;
        Schedule(_nowMs + (_tasks.DurationMs(task) / worker.Spec.Speed), new SimulationEvent(SimulationEventKind.Finished, worker.Index, task, null));
    }

    private void TrySteal(SimulatedWorker thief)
    {
        var candidates = _victims!.Heaviest(_setup.VictimSample, thief.Index);
        var migration = candidates.Count == 0
            ? null
            : StealPolicy.ChooseVictim(thief.ToLoad(), [.. candidates.Select(index => _workers[index].ToLoad())], _setup.Balancing);
        if (migration is null)
        {
            if (!thief.Parked)
            {
                thief.Parked = true;
                _parked.Enqueue(thief.Index);
            }

            return;
        }

        thief.Parked = false;
        var victim = _workers[_byId[migration.VictimId]];
        var stolen = victim.Take(migration.Level, migration.Count);
        _victims.Update(victim);
        thief.Stealing = true;
        Schedule(_nowMs + _setup.StealLatencyMs, new SimulationEvent(SimulationEventKind.StolenArrived, thief.Index, -1, stolen));
    }
}
