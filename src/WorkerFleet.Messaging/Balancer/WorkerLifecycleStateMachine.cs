using MassTransit;
using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// The lifecycle of one worker as the balancer sees it. It only declares the flow; what a
/// transition does (recording the picture, unbinding a lost worker) lives in LifecycleActions.
/// Joining (first heartbeat) -> Active (second) -> Suspect (silent SuspectAfter) -> Lost (silent
/// LostAfter, or sooner when its queues lost their consumers: queues unbound, peers drain them) ->
/// gone once drained; Draining while a worker stops
/// gracefully; WorkerLeft ends it from any state. A lost worker that beats again is Active again.
/// </summary>
public sealed class WorkerLifecycleStateMachine : MassTransitStateMachine<WorkerLifecycle>
{
    public WorkerLifecycleStateMachine(LifecycleActions actions)
    {
        InstanceState(x => x.CurrentState);
        Event(() => Heartbeat, e => e.CorrelateById(c => WorkerKey.For(c.Message.WorkerId)));
        Event(() => Silent, e =>
        {
            e.CorrelateById(c => WorkerKey.For(c.Message.WorkerId));
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Left, e =>
        {
            e.CorrelateById(c => WorkerKey.For(c.Message.WorkerId));
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => QueuesRemoved, e =>
        {
            e.CorrelateById(c => WorkerKey.For(c.Message.WorkerId));
            e.OnMissingInstance(m => m.Discard());
        });

        // A balancer that just took over may first hear a worker mid-drain: it must not hand it work.
        Initially(
            When(Heartbeat, c => c.Message.State == WorkerStates.Draining)
                .Then(c => actions.Record(c.Saga, c.Message, WorkerLifecycleStates.Draining))
                .TransitionTo(Draining),
            When(Heartbeat, c => c.Message.State != WorkerStates.Draining)
                .Then(c => actions.Record(c.Saga, c.Message, WorkerLifecycleStates.Joining))
                .TransitionTo(Joining));

        During(Joining, Active, Suspect,
            When(Heartbeat, c => c.Message.State == WorkerStates.Draining)
                .Then(c => actions.Record(c.Saga, c.Message, WorkerLifecycleStates.Draining))
                .TransitionTo(Draining),
            When(Heartbeat, c => c.Message.State != WorkerStates.Draining)
                .Then(c => actions.Record(c.Saga, c.Message, WorkerLifecycleStates.Active))
                .TransitionTo(Active));

        During(Draining,
            When(Heartbeat).Then(c => actions.Record(c.Saga, c.Message, WorkerLifecycleStates.Draining)));

        During(Lost,
            When(Heartbeat)
                .ThenAsync(c => actions.ReclaimAsync(c.Saga, c.Message))
                .TransitionTo(Active),
            When(QueuesRemoved)
                .Then(c => actions.Forget(c.Saga))
                .Finalize());

        // Lost straight from Joining or Active when the broker shows the worker's consumers gone.
        During(Joining, Active,
            When(Silent, c => c.Message.Lost)
                .ThenAsync(c => actions.LoseAsync(c.Saga))
                .TransitionTo(Lost),
            When(Silent, c => !c.Message.Lost).Then(c => actions.SetLifecycle(c.Saga, WorkerLifecycleStates.Suspect)).TransitionTo(Suspect));

        During(Draining,
            When(Silent).Then(c => actions.SetLifecycle(c.Saga, WorkerLifecycleStates.Suspect)).TransitionTo(Suspect));

        During(Suspect,
            When(Silent, c => c.Message.Lost)
                .ThenAsync(c => actions.LoseAsync(c.Saga))
                .TransitionTo(Lost));

        // Late or repeated reports about a worker that has moved on change nothing.
        During(Joining, Active, Suspect, Draining, Ignore(QueuesRemoved));
        During(Lost, Ignore(Silent));

        // The repository removes a finalized instance only after the message that finalized it: a
        // report queued behind a WorkerLeft (a second incarnation's leave or first beat) still finds
        // it in Final. Dropping it is safe: a worker that is still alive beats again a moment later.
        During(Final, Ignore(Heartbeat), Ignore(Silent), Ignore(Left), Ignore(QueuesRemoved));

        DuringAny(
            When(Left).Then(c => actions.Forget(c.Saga)).Finalize());

        SetCompletedWhenFinalized();
    }

    public State Joining { get; private set; } = null!;

    public State Active { get; private set; } = null!;

    public State Suspect { get; private set; } = null!;

    public State Lost { get; private set; } = null!;

    public State Draining { get; private set; } = null!;

    public Event<WorkerHeartbeat> Heartbeat { get; private set; } = null!;

    public Event<WorkerSilent> Silent { get; private set; } = null!;

    public Event<WorkerLeft> Left { get; private set; } = null!;

    public Event<WorkerQueuesRemoved> QueuesRemoved { get; private set; } = null!;
}
