using MassTransit;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>Saga state of one worker (in memory: the balancer's state is soft, rebuilt from heartbeats).</summary>
public sealed class WorkerLifecycle : SagaStateMachineInstance
{
    public Guid CorrelationId { get; set; }

    public string CurrentState { get; set; } = string.Empty;

    public string WorkerId { get; set; } = string.Empty;

    public long LastSequence { get; set; }
}
