namespace WorkerFleet.Scheduling.Balancing;

/// <summary>What an <see cref="IAllocationSolver"/> must respect beyond the loads themselves.</summary>
public sealed record AllocationConstraints
{
    /// <summary>
    /// Most tasks (ready + busy) a worker may hold once the plan is carried out, by worker id. A worker
    /// not listed has no cap beyond its free slots per migration. Default empty.
    /// </summary>
    public IReadOnlyDictionary<string, int> MaxTasks { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Task kinds a worker may be given, by worker id; a null set, or a worker not listed, takes every
    /// kind. Default empty. Ready counts are per level, not per kind, so a solver can honour this only
    /// as far as it knows the kinds in each queue.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>?> SupportedKinds { get; init; } = new Dictionary<string, IReadOnlySet<string>?>();

    /// <summary>
    /// Cost charged per moved task in the objective, in ms (>= 0): the remote consume and the lost
    /// cache locality of affinity. Keeps the solver from moving tasks for gains smaller than that.
    /// Default 1.
    /// </summary>
    public double MigrationCostMs { get; init; } = 1;
}
