using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Tests;

/// <summary>Heartbeats as a worker sends them.</summary>
internal static class Beats
{
    public static WorkerHeartbeat Idle(string workerId, long sequence = 1, int slots = 4) => new()
    {
        WorkerId = workerId,
        Sequence = sequence,
        State = WorkerStates.Active,
        Slots = slots,
        BusySlots = 0,
        EwmaServiceMs = 20,
    };

    /// <summary>Every slot busy and <paramref name="readyNormal"/> tasks waiting at level normal.</summary>
    public static WorkerHeartbeat Loaded(string workerId, long readyNormal, long sequence = 1, int slots = 4) => new()
    {
        WorkerId = workerId,
        Sequence = sequence,
        State = WorkerStates.Active,
        Slots = slots,
        BusySlots = slots,
        ReadyByLevel = new Dictionary<string, long> { ["normal"] = readyNormal },
        EwmaServiceMs = 20,
    };

    public static WorkerHeartbeat Draining(string workerId, long sequence) => Idle(workerId, sequence) with { State = WorkerStates.Draining };
}
