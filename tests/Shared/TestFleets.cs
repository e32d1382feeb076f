using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Tests.Shared;

/// <summary>Fleet shorthands linked into the balancing and the CP-SAT test projects.</summary>
internal static class TestFleets
{
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
        IReadOnlyDictionary<TaskLevel, long>? ready = null,
        IReadOnlySet<string>? openBreakers = null) =>
        new()
        {
            WorkerId = id,
            Slots = slots,
            BusySlots = busy,
            EwmaServiceMs = serviceMs,
            Accepting = accepting,
            Ready = ready ?? new Dictionary<TaskLevel, long> { [TaskLevel.Normal] = normal },
            OpenBreakers = openBreakers ?? new HashSet<string>(),
        };
}
