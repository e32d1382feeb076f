using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The control plane of <c>steal</c> and <c>adaptive</c>, as WorkerFleet.Runtime and the balancer
/// run it. Workers beat every heartbeat interval (each at its own phase) and the balancer decides
/// from those beats (<see cref="BalancerPicture"/>). A worker with nothing held and credit left
/// (2 x slots - running - held) asks; the answer comes a request round trip later; it then fetches
/// the granted tasks from the victim's queue one by one and, while steals bring tasks and credit is
/// left, asks again. A steal that brought nothing is retried after the retry delay, unless nothing
/// is queued anywhere and nothing is due: then the thief parks until a submission (asking again
/// would find nothing new). Under <c>adaptive</c> the planner runs every balance interval on the
/// same picture; its orders reach the thief half a round trip later and it takes no more than its
/// credit then (StealOrderConsumer); they are not booked in the picture (BalancerLoop).
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
                Fetch(worker!, order, endsSteal: true);
                break;
            case SimulationEventKind.StealAnswered:
                NothingStolen(worker!);
                break;
            case SimulationEventKind.StolenArrived:
                Arrive(worker!, [next.Task]);
                break;
            case SimulationEventKind.StealDone when next.Task > 0 && worker!.StealCredit > 0:
                Ask(worker);
                break;
            case SimulationEventKind.StealDone when next.Task > 0:
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
                var credit = worker!.StealCredit;
                if (credit > 0)
                {
                    Fetch(worker, next.Order! with { Count = Math.Min(next.Order!.Count, credit) }, endsSteal: false);
                }

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
            Ask(worker);
        }
    }

    /// <summary>A steal request, answered as StealRequestConsumer does: the thief's credit as its free slots, the grant booked.</summary>
    private void Ask(SimulatedWorker thief)
    {
        thief.Stealing = StealState.Asking;
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

    /// <summary>basic.gets from the victim's queue as it is now: one task per fetch time, fewer when it emptied since the picture.</summary>
    private void Fetch(SimulatedWorker thief, Migration order, bool endsSteal)
    {
        var taken = _workers[_byId[order.VictimId]].Take(order.Level, order.Count);
        _queued -= taken.Count;
        thief.Arriving += taken.Count;
        for (var i = 0; i < taken.Count; i++)
        {
            _tasks.FromOwnQueue[taken[i]] = false;
            Schedule(_nowMs + ((i + 1) * _model.StealFetchMs), new SimulationEvent(SimulationEventKind.StolenArrived, thief.Index, taken[i]));
        }

        if (endsSteal)
        {
            // An empty queue also costs one basic.get to find out.
            Schedule(_nowMs + (Math.Max(1, taken.Count) * _model.StealFetchMs), new SimulationEvent(SimulationEventKind.StealDone, thief.Index, taken.Count));
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
