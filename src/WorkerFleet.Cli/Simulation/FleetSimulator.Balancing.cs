using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The control plane of <c>steal</c> and <c>adaptive</c>, as WorkerFleet.Runtime and the balancer
/// run it. Workers beat every heartbeat interval (each at its own phase) and the balancer decides
/// from those beats (<see cref="BalancerPicture"/>). A worker with nothing held and credit left
/// (2 x slots - running - held) steals: first from the victim of its last steal while it holds a
/// lease on it (<see cref="StealPolicy.LeaseCount"/> tasks, no balancer round trip), else it asks
/// the balancer and gets the answer a request round trip later. It fetches the tasks from the
/// victim's queue one by one and, while steals bring tasks and credit is left, steals again. A steal
/// that leaves its victim's queue non-empty leases that victim for the lease duration; one that
/// empties it ends the lease; a lease steal that found the queue empty asks the balancer in the same
/// round (StealRequester). A round that brought nothing is retried after the retry delay, unless
/// nothing is queued anywhere and nothing is due: then the thief parks until a submission (asking
/// again would find nothing new). Under <c>adaptive</c> the planner runs every balance interval on
/// the same picture; its orders reach the thief half a round trip later and it takes no more than
/// its credit then (StealOrderConsumer); they are not booked in the picture (BalancerLoop).
/// </summary>
public sealed partial class FleetSimulator
{
    private readonly Dictionary<string, int> _byId;
    private readonly BalancerPicture? _picture;
    private readonly MigrationPlanner? _planner;
    private readonly Queue<int> _parked = new();

    /// <summary>Tasks in any worker's own queues (what a thief could still find).</summary>
    private long _queued;

    /// <summary>Tasks not submitted yet.</summary>
    private long _unsubmitted;

    private long _stealRequests;
    private long _leaseSteals;

    private static (Dictionary<string, int>, BalancerPicture?, MigrationPlanner?) BalancingFor(SimulationSetup setup, SimulatedWorker[] workers)
    {
        var byId = workers.ToDictionary(worker => worker.Spec.Id, worker => worker.Index, StringComparer.Ordinal);
        if (!SimulationStrategies.Steals(setup.Strategy))
        {
            return (byId, null, null);
        }

        var picture = new BalancerPicture(workers, setup.Balancing.DefaultServiceMs);
        var planner = setup.Strategy == SimulationStrategies.Adaptive ? new MigrationPlanner(setup.Balancing) : null;
        return (byId, picture, planner);
    }

    /// <summary>
    /// Heartbeats spread evenly over the interval in a seeded order (the k-th of n first beats at
    /// k / n of it: the real workers start at unrelated times), the first plan one balance interval
    /// in, every thief parked until the first submission.
    /// </summary>
    private void StartBalancing()
    {
        if (_picture is null)
        {
            return;
        }

        var order = Enumerable.Range(1, _workers.Length).ToArray();
        _random.Shuffle(order);
        foreach (var worker in _workers)
        {
            var phaseMs = _model.HeartbeatIntervalMs * order[worker.Index] / _workers.Length;
            Schedule(phaseMs, new SimulationEvent(SimulationEventKind.Heartbeat, worker.Index, -1));
            Park(worker);
        }

        if (_planner is not null)
        {
            Schedule(_model.BalanceIntervalMs, new SimulationEvent(SimulationEventKind.BalanceTick, -1, -1));
        }
    }

    private void HandleBalancing(SimulationEvent next, SimulatedWorker? worker)
    {
        switch (next.Kind)
        {
            case SimulationEventKind.Heartbeat:
                _picture!.Record(worker!);
                ScheduleUnlessDone(_model.HeartbeatIntervalMs, next);
                break;
            case SimulationEventKind.StealAnswered when next.Order is { } order:
                Fetch(worker!, _byId[order.VictimId], order.Level, order.Count, SimulationEventKind.StealDone);
                break;
            case SimulationEventKind.StealAnswered:
                NothingStolen(worker!);
                break;
            case SimulationEventKind.StolenArrived:
                Arrive(worker!, [next.Task]);
                break;
            case SimulationEventKind.LeaseStealDone when next.Task == 0:
                Ask(worker!);
                break;
            case SimulationEventKind.StealDone or SimulationEventKind.LeaseStealDone when next.Task > 0 && worker!.StealCredit > 0:
                StealOnce(worker);
                break;
            case SimulationEventKind.StealDone or SimulationEventKind.LeaseStealDone when next.Task > 0:
                worker!.Stealing = StealState.Ready;
                break;
            case SimulationEventKind.StealDone:
                NothingStolen(worker!);
                break;
            case SimulationEventKind.StealRetry:
                worker!.Stealing = StealState.Ready;
                AskWhenIdle(worker);
                break;
            case SimulationEventKind.BalanceTick:
                Plan();
                ScheduleUnlessDone(_model.BalanceIntervalMs, next);
                break;
            case SimulationEventKind.PlannedOrderArrived:
                // Without credit the worker's StealAsync takes nothing, which ends a lease on that victim.
                Fetch(worker!, _byId[next.Order!.VictimId], next.Order.Level, Math.Min(next.Order.Count, worker!.StealCredit), done: null);
                break;
            default:
                throw new InvalidOperationException($"unknown event {next.Kind}");
        }
    }

    private void ScheduleUnlessDone(double afterMs, SimulationEvent periodic)
    {
        if (!Done)
        {
            Schedule(_nowMs + afterMs, periodic);
        }
    }

    /// <summary>The engine's idle signal reaches the steal requester.</summary>
    private void AskWhenIdle(SimulatedWorker worker)
    {
        if (_picture is not null && worker.Stealing == StealState.Ready && worker.WantsWork)
        {
            StealOnce(worker);
        }
    }

    /// <summary>
    /// One round of StealRequester: back to the leased victim while the lease lasts
    /// (WorkerEngine.StealFromLeaseAsync: no request, only the fetches), else ask the balancer.
    /// </summary>
    private void StealOnce(SimulatedWorker thief)
    {
        var count = thief.Lease is { } lease && lease.ExpiresAtMs > _nowMs ? StealPolicy.LeaseCount(thief.StealCredit, lease.ReadyBehind) : 0;
        if (count == 0)
        {
            Ask(thief);
            return;
        }

        thief.Stealing = StealState.Asking;
        _leaseSteals++;
        Fetch(thief, thief.Lease!.Victim, thief.Lease.FromLevel, count, SimulationEventKind.LeaseStealDone);
    }

    /// <summary>A steal request, answered as StealRequestConsumer does: the thief's credit as its free slots, the grant booked.</summary>
    private void Ask(SimulatedWorker thief)
    {
        thief.Stealing = StealState.Asking;
        _stealRequests++;
        var picture = _picture!;
        var asking = picture.Load(thief.Index) with { BusySlots = Math.Max(0, thief.Spec.Slots - thief.StealCredit) };
        var candidates = picture.Heaviest(_setup.VictimSample, thief.Index);
        var order = candidates.Count == 0 ? null : StealPolicy.ChooseVictim(asking, [.. candidates.Select(picture.Load)], _setup.Balancing);
        if (order is not null)
        {
            picture.Grant(order, thief.Index, _byId[order.VictimId]);
        }

        Schedule(_nowMs + _model.StealRequestMs, new SimulationEvent(SimulationEventKind.StealAnswered, thief.Index, -1, Order: order));
    }

    /// <summary>
    /// basic.gets from the victim's queue as it is now: one task per fetch time, fewer when it emptied
    /// since the picture. The last get reports what the queue still holds: non-zero leases the victim
    /// from the end of the fetches, zero (or nothing taken) ends a lease on it (WorkerEngine.StealAsync).
    /// <paramref name="done"/> is the event that ends the round; null for a planned order, which is no round.
    /// </summary>
    private void Fetch(SimulatedWorker thief, int victimIndex, TaskLevel fromLevel, int count, SimulationEventKind? done)
    {
        var victim = _workers[victimIndex];
        var taken = victim.Take(fromLevel, count);
        _queued -= taken.Count;
        thief.Arriving += taken.Count;
        for (var i = 0; i < taken.Count; i++)
        {
            _tasks.FromOwnQueue[taken[i]] = false;
            Schedule(_nowMs + ((i + 1) * _model.StealFetchMs), new SimulationEvent(SimulationEventKind.StolenArrived, thief.Index, taken[i]));
        }

        // An empty queue also costs one basic.get to find out.
        var endMs = _nowMs + (Math.Max(1, taken.Count) * _model.StealFetchMs);
        var readyBehind = taken.Count > 0 ? victim.QueuedAt(_tasks.Level[taken[^1]]) : 0;
        if (taken.Count > 0 && readyBehind > 0)
        {
            thief.Lease = new StealLease(victimIndex, fromLevel, readyBehind, endMs + _model.StealLeaseDurationMs);
        }
        else if (thief.Lease?.Victim == victimIndex)
        {
            thief.Lease = null;
        }

        if (done is { } kind)
        {
            Schedule(endMs, new SimulationEvent(kind, thief.Index, taken.Count));
        }
    }

    private void NothingStolen(SimulatedWorker thief)
    {
        if (_queued == 0 && _unsubmitted == 0)
        {
            Park(thief);
            return;
        }

        thief.Stealing = StealState.Waiting;
        Schedule(_nowMs + _model.StealRetryDelayMs, new SimulationEvent(SimulationEventKind.StealRetry, thief.Index, -1));
    }

    private void Park(SimulatedWorker thief)
    {
        thief.Stealing = StealState.Parked;
        _parked.Enqueue(thief.Index);
    }

    /// <summary>New work somewhere: a parked thief per task submitted looks again.</summary>
    private void WakeParked(int count)
    {
        var woken = 0;
        while (woken < count && _parked.TryDequeue(out var index))
        {
            var thief = _workers[index];
            if (thief.Stealing == StealState.Parked)
            {
                thief.Stealing = StealState.Ready;
                woken++;
                AskWhenIdle(thief);
            }
        }
    }

    private void Plan()
    {
        foreach (var order in _planner!.Plan(_picture!.Loads(), Now).Migrations)
        {
            Schedule(_nowMs + (_model.StealRequestMs / 2), new SimulationEvent(SimulationEventKind.PlannedOrderArrived, _byId[order.ThiefId], -1, Order: order));
        }
    }
}
