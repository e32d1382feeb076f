namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// Reactive stealing: an idle worker asks for work and this names whom it takes from, which level
/// and how many. Stateless; the caller throttles how often a worker may ask.
/// </summary>
public static class StealPolicy
{
    /// <summary>
    /// Chooses a victim for one thief: the accepting worker (other than the thief) with ready tasks
    /// whose expected drain is the longest above <see cref="BalancingOptions.StealThresholdMs"/>, its
    /// strictest level with ready tasks, and as many tasks as even out the two workers' drain times
    /// without making the thief the slower one (see <see cref="BalancedCount"/>), at most the thief's
    /// free slots and the victim's ready tasks at that level.
    /// </summary>
    /// <param name="thief">The worker asking; refused when it is not accepting or has no free slot.</param>
    /// <param name="fleet">Every worker's load (the thief may be among them).</param>
    /// <param name="options">Thresholds and the default service time.</param>
    /// <param name="kindFilter">
    /// The kind the thief would steal for, when known. Ready counts are per level, not per kind, so
    /// this cannot pick victims; it refuses a thief whose breaker for that kind is open (it would only
    /// fail the tasks it took).
    /// </param>
    /// <returns>The migration, or null when no worker qualifies or no whole task can move.</returns>
    /// <exception cref="ArgumentException">The options are invalid (the message names each setting).</exception>
    public static Migration? ChooseVictim(WorkerLoad thief, IReadOnlyList<WorkerLoad> fleet, BalancingOptions options, string? kindFilter = null)
    {
        ArgumentNullException.ThrowIfNull(thief);
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();

        var freeSlots = thief.FreeSlots;
        if (!thief.Accepting || freeSlots == 0 || (kindFilter is not null && thief.OpenBreakers.Contains(kindFilter)))
        {
            return null;
        }

        var defaultMs = options.DefaultServiceMs;
        var candidates = new List<(WorkerLoad Worker, double DrainMs)>();
        foreach (var worker in fleet)
        {
            if (!worker.Accepting || worker.ReadyTotal == 0 || string.Equals(worker.WorkerId, thief.WorkerId, StringComparison.Ordinal))
            {
                continue;
            }

            var drainMs = worker.ExpectedDrainMs(defaultMs);
            if (drainMs > options.StealThresholdMs)
            {
                candidates.Add((worker, drainMs));
            }
        }

        // Heaviest first; ids break ties so equal fleets give equal answers.
        candidates.Sort((a, b) =>
        {
            var byLoad = b.DrainMs.CompareTo(a.DrainMs);
            return byLoad != 0 ? byLoad : string.CompareOrdinal(a.Worker.WorkerId, b.Worker.WorkerId);
        });

        var thiefMs = thief.ExpectedDrainMs(defaultMs);
        var thiefPerTaskMs = thief.PerTaskMs(defaultMs);

        // The heaviest victim normally wins; a lighter one can still allow a move where it does not
        // when its tasks are cheaper to take (smaller per-task drain), so look further down.
        foreach (var (victim, victimMs) in candidates)
        {
            var level = StrictestReadyLevel(victim);
            var victimPerTaskMs = victim.PerTaskMs(defaultMs);
            var balanced = BalancedCount(victimMs, victimPerTaskMs, thiefMs, thiefPerTaskMs);
            var ready = victim.ReadyAt(level);
            var count = (int)Math.Min(Math.Min(freeSlots, ready), balanced);
            if (count < 1)
            {
                continue;
            }

            var boundedBy = count == balanced ? "as even as whole tasks allow"
                : count == freeSlots ? "all the thief's free slots"
                : $"all the victim's ready {level.ToWireName()} tasks";
            var reason = MigrationReasons.Steal(
                victim.WorkerId, victimMs, thief.WorkerId, thiefMs, count, level,
                victimMs - (count * victimPerTaskMs), thiefMs + (count * thiefPerTaskMs), boundedBy);
            return new Migration(thief.WorkerId, victim.WorkerId, level, count, reason);
        }

        return null;
    }

    /// <summary>
    /// The most tasks that can move from a victim to a thief without the thief ending up the slower.
    /// </summary>
    /// <remarks>
    /// <para>Each task moved shortens the victim's drain by a = its service time / its slots and
    /// lengthens the thief's by b = the thief's service time / the thief's slots (the thief runs it at
    /// its own pace). After k moves they drain in Dv - k·a and Dt + k·b; the pair is done when the
    /// later of the two is, which is earliest where they meet: k* = (Dv - Dt) / (a + b). We move
    /// floor(k*), so Dt + k·b &lt;= Dv - k·a: the thief never becomes the bottleneck.</para>
    /// <para>With equal workers (a = b) this is (Dv - Dt) / 2 / a, the tasks that close half the gap.
    /// Dividing by the victim's a alone would overshoot when the thief is slower (b > a): with
    /// Dv = 100, Dt = 0, a = 10, b = 30 it would move 5 tasks and leave the thief at 150 ms, later
    /// than the victim was; k* = 2.5 moves 2 (victim 80 ms, thief 60 ms).</para>
    /// <para>When k* &lt; 1 we move nothing, even where one task would still finish sooner on the
    /// thief than it would have on the victim: the thief would end up heavier than its victim, the
    /// next round would send work back, and that ping-pong costs more than the last task saves.</para>
    /// </remarks>
    internal static long BalancedCount(double victimMs, double victimPerTaskMs, double thiefMs, double thiefPerTaskMs)
    {
        var gap = victimMs - thiefMs;
        var perTaskSum = victimPerTaskMs + thiefPerTaskMs;
        if (!(gap > 0))
        {
            return 0;
        }

        // Capped at int.MaxValue (a migration's count is an int; slots bound it far below anyway).
        // Zero-cost tasks (both averages 0) unbalance nothing: then only slots and ready tasks bound.
        return perTaskSum > 0 ? (long)Math.Min(Math.Floor(gap / perTaskSum), int.MaxValue) : int.MaxValue;
    }

    /// <summary>
    /// How many tasks a thief takes, on its own, from the victim of its last steal: at most its
    /// credit and half of what the victim's queue still held after that steal (the count basic.get
    /// reports, fresher than any heartbeat). The thief asks only when its own lookahead ran dry, so
    /// its load is its running tasks against the victim's whole queue plus what the victim holds:
    /// half the queue never makes it the slower of the two. Going back to a victim known to have
    /// work saves the balancer's round trip on every steal after the first.
    /// </summary>
    public static int LeaseCount(int credit, long readyBehind) =>
        credit < 1 || readyBehind < 1 ? 0 : (int)Math.Min(credit, (readyBehind + 1) / 2);

    /// <summary>The strictest level with ready tasks (the worker has some).</summary>
    internal static TaskLevel StrictestReadyLevel(WorkerLoad worker)
    {
        foreach (var level in TaskLevels.All)
        {
            if (worker.ReadyAt(level) > 0)
            {
                return level;
            }
        }

        throw new ArgumentException($"worker {worker.WorkerId} has no ready task", nameof(worker));
    }
}
