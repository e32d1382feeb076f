using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Scheduling.Tests.Balancing;

/// <summary>Shorthands shared by the balancing tests.</summary>
internal static class BalancingTestKit
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly BalancingOptions Defaults = new();

    /// <summary>
    /// A worker of 100 slots and 100 ms service time: each task adds 1 ms of drain, so its load in ms
    /// is its ready + busy count. Ready tasks are normal unless <paramref name="ready"/> says otherwise.
    /// </summary>
    public static WorkerLoad Worker(
        string id,
        long normal = 0,
        int busy = 0,
        int slots = 100,
        double? serviceMs = 100,
        bool accepting = true,
        IReadOnlyDictionary<TaskLevel, long>? ready = null) =>
        new()
        {
            WorkerId = id,
            Slots = slots,
            BusySlots = busy,
            EwmaServiceMs = serviceMs,
            Accepting = accepting,
            Ready = ready ?? new Dictionary<TaskLevel, long> { [TaskLevel.Normal] = normal },
        };

    public static double Drain(WorkerLoad worker) => worker.ExpectedDrainMs(Defaults.DefaultServiceMs);
}
