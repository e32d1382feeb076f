using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Optimal;

/// <summary>
/// One round's picture of the fleet, classified as <see cref="MigrationPlanner"/> does it, and the
/// workers that may be victims or thieves, ranked.
/// </summary>
/// <remarks>
/// <para>Only accepting workers count: the others are neither given work nor stolen from (a
/// draining worker's backlog is emptied by its lifecycle's drain orders), nor part of the mean.
/// Overloaded above M(1 + t), or down to M(1 + t/2) for a worker that was overloaded last round;
/// underloaded below M(1 - t): the same bands and hysteresis as the greedy planner, so that
/// <c>Tolerance</c> means the same under every strategy and decides whether a round acts at all.</para>
/// <para>Once it acts, the solver may take from any worker above the mean and give to any below it,
/// not only from the overloaded to the underloaded: a worker between M and M(1 + t) still shortens
/// the longest drain when the heaviest ones are brought down to its level. Above the mean and below
/// it are disjoint, so no worker is both victim and thief.</para>
/// </remarks>
internal sealed class FleetRound
{
    private readonly List<(WorkerLoad Worker, double LoadMs)> _accepting;

    private FleetRound(List<(WorkerLoad, double)> accepting, double meanMs, List<string> overloaded, List<string> underloaded, List<AllocationCandidate> victims, List<AllocationCandidate> thieves, bool acts, double longestMs)
    {
        _accepting = accepting;
        MeanMs = meanMs;
        Overloaded = overloaded;
        Underloaded = underloaded;
        Victims = victims;
        Thieves = thieves;
        Acts = acts;
        LongestDrainMs = longestMs;
    }

    public double MeanMs { get; }

    public IReadOnlyList<string> Overloaded { get; }

    public IReadOnlyList<string> Underloaded { get; }

    /// <summary>Accepting workers above the mean and the steal threshold with ready tasks, heaviest first.</summary>
    public IReadOnlyList<AllocationCandidate> Victims { get; }

    /// <summary>
    /// Accepting workers below the mean that can take a task (free slots, room under their cap) and
    /// have no open breaker, lightest first.
    /// </summary>
    public IReadOnlyList<AllocationCandidate> Thieves { get; }

    /// <summary>Whether some overloaded worker could shed (ready tasks, drain above the steal threshold).</summary>
    public bool Acts { get; }

    /// <summary>Longest drain among accepting workers (0 when none).</summary>
    public double LongestDrainMs { get; }

    /// <param name="fleet">Every known worker.</param>
    /// <param name="options">Bands, threshold and default service time.</param>
    /// <param name="wasOverloaded">Workers overloaded last round (hysteresis).</param>
    /// <param name="roomOf">Tasks a worker may still take under its task cap (long.MaxValue without one).</param>
    public static FleetRound Classify(IReadOnlyList<WorkerLoad> fleet, BalancingOptions options, IReadOnlySet<string> wasOverloaded, Func<WorkerLoad, long> roomOf)
    {
        var defaultMs = options.DefaultServiceMs;
        var accepting = new List<(WorkerLoad Worker, double LoadMs)>(fleet.Count);
        double totalMs = 0;
        foreach (var worker in fleet)
        {
            if (worker.Accepting)
            {
                var loadMs = worker.ExpectedDrainMs(defaultMs);
                accepting.Add((worker, loadMs));
                totalMs += loadMs;
            }
        }

        var meanMs = accepting.Count == 0 ? 0 : totalMs / accepting.Count;
        var longestMs = accepting.Count == 0 ? 0 : accepting.Max(entry => entry.LoadMs);
        List<string> overloaded = [];
        List<string> underloaded = [];
        List<AllocationCandidate> victims = [];
        List<AllocationCandidate> thieves = [];
        var acts = false;

        // An idle fleet (mean 0) has nothing to balance and nobody stays overloaded in it.
        if (meanMs > 0)
        {
            var overloadedAbove = meanMs * (1 + options.Tolerance);
            var overloadedUntilBelow = meanMs * (1 + (options.Tolerance / 2));
            var underloadedBelow = meanMs * (1 - options.Tolerance);
            foreach (var (worker, loadMs) in accepting)
            {
                var canShed = worker.ReadyTotal > 0 && loadMs > options.StealThresholdMs;
                if (loadMs > overloadedAbove || (loadMs >= overloadedUntilBelow && wasOverloaded.Contains(worker.WorkerId)))
                {
                    overloaded.Add(worker.WorkerId);
                    acts |= canShed;
                }
                else if (loadMs < underloadedBelow)
                {
                    underloaded.Add(worker.WorkerId);
                }

                if (loadMs > meanMs && canShed)
                {
                    victims.Add(new AllocationCandidate(worker, loadMs, worker.PerTaskMs(defaultMs), worker.ReadyTotal));
                }
                else if (loadMs < meanMs && worker.FreeSlots > 0 && worker.OpenBreakers.Count == 0)
                {
                    var room = Math.Min(worker.FreeSlots, roomOf(worker));
                    if (room > 0)
                    {
                        thieves.Add(new AllocationCandidate(worker, loadMs, worker.PerTaskMs(defaultMs), room));
                    }
                }
            }
        }

        // Ids break ties so that equal fleets give equal plans.
        victims.Sort((x, y) => y.LoadMs.CompareTo(x.LoadMs) is var byLoad && byLoad != 0 ? byLoad : string.CompareOrdinal(x.Id, y.Id));
        thieves.Sort((x, y) => x.LoadMs.CompareTo(y.LoadMs) is var byLoad && byLoad != 0 ? byLoad : string.CompareOrdinal(x.Id, y.Id));
        return new FleetRound(accepting, meanMs, overloaded, underloaded, victims, thieves, acts, longestMs);
    }

    /// <summary>Longest drain among accepting workers once <paramref name="migrations"/> are carried out.</summary>
    public double LongestDrainAfter(IReadOnlyList<Migration> migrations, double defaultServiceMs)
    {
        if (_accepting.Count == 0)
        {
            return 0;
        }

        var moved = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var migration in migrations)
        {
            moved[migration.VictimId] = moved.GetValueOrDefault(migration.VictimId) - migration.Count;
            moved[migration.ThiefId] = moved.GetValueOrDefault(migration.ThiefId) + migration.Count;
        }

        return _accepting.Max(entry => entry.LoadMs + (moved.GetValueOrDefault(entry.Worker.WorkerId) * entry.Worker.PerTaskMs(defaultServiceMs)));
    }
}
