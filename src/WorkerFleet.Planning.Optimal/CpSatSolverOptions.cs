namespace WorkerFleet.Planning.Optimal;

/// <summary>
/// Settings of <see cref="CpSatAllocationSolver"/> beyond the balancer's <c>BalancingOptions</c>,
/// meant for the <c>Balancer:CpSat</c> configuration section.
/// </summary>
public sealed class CpSatSolverOptions
{
    private const string SectionName = "Balancer:CpSat";

    /// <summary>
    /// k: the k most loaded victims and the k least loaded thieves enter the model, so its size is
    /// bounded whatever the fleet's. Default 256.
    /// </summary>
    /// <remarks>
    /// <para>The longest drain is decided at the top of the fleet and absorbed at the bottom: a victim
    /// below the k-th heaviest cannot be the longest drain unless the k heavier ones are brought
    /// under it, and a thief above the k-th lightest has less room under the mean than the k lighter
    /// ones. Each round re-ranks the fleet, so the next heaviest are reached a round later.</para>
    /// <para>The model has a variable per candidate, not per pair (see <see cref="AllocationModel"/>),
    /// so k = 256 gives about 1,000 variables: as many as a 32 x 32 model of pairs. Measured with a
    /// 200 ms limit on random fleets on a busy 2-core machine: 10 and 100 workers (all candidates)
    /// OPTIMAL in 1-15 ms; 1,000 workers OPTIMAL over 256 x 256 in 20-120 ms of search, where the
    /// greedy planner, reaching all of the ~700 thieves that capacity needed, did better and was
    /// kept (<see cref="CpSatOutcome.GreedyBetter"/>). With k = 1,024 the same fleets gave FEASIBLE
    /// plans about 1 % shorter than greedy's, using the whole limit; with k = 32, greedy's plan was
    /// kept from 100 workers on.</para>
    /// </remarks>
    public int CandidatesPerSide { get; init; } = 256;

    /// <summary>
    /// CP-SAT's <c>num_workers</c>: parallel search threads; 0 lets CP-SAT use one per core.
    /// Default 1: one thread makes the search deterministic (same fleet, same plan) and leaves the
    /// balancer's other cores alone; on 1,000-worker rounds 2 threads or one per core found no better
    /// plan within 200 ms.
    /// </summary>
    public int SearchWorkers { get; init; } = 1;

    /// <summary>CP-SAT's <c>random_seed</c>, fixed so that rounds can be replayed. Default 1.</summary>
    public int RandomSeed { get; init; } = 1;

    /// <summary>Every broken rule, each naming its setting; empty when the options are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CandidatesPerSide < 1)
        {
            errors.Add($"{SectionName}:{nameof(CandidatesPerSide)} must be >= 1");
        }

        if (SearchWorkers < 0)
        {
            errors.Add($"{SectionName}:{nameof(SearchWorkers)} must be >= 0 (0 = one per core)");
        }

        if (RandomSeed < 0)
        {
            errors.Add($"{SectionName}:{nameof(RandomSeed)} must be >= 0");
        }

        return errors;
    }
}
