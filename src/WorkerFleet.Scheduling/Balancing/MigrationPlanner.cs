namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// Proactive balancing: each round, plans migrations from overloaded to underloaded workers.
/// Holds the memory that spans rounds: which workers were overloaded (hysteresis) and which pairs
/// are cooling down. Not thread-safe: the balancer plans from one place at a time.
/// </summary>
/// <remarks>
/// <para>Load is expected drain time (<see cref="WorkerLoad.ExpectedDrainMs"/>). Only accepting
/// workers count: the others are neither given work nor part of the mean, and a draining worker's
/// backlog is emptied by its lifecycle's drain orders, not by this planner.</para>
/// <para>Classification against the mean M with tolerance t: overloaded above M(1 + t), and a worker
/// overloaded last round stays so down to M(1 + t/2), so one hovering at the threshold is not
/// flipped every round; underloaded below M(1 - t). A victim must also drain in more than
/// <see cref="BalancingOptions.StealThresholdMs"/> and have ready tasks; a thief, free slots.</para>
/// <para>Amounts use the mean as a fence: a victim sheds at most floor((load - M) / a) tasks and a
/// thief takes at most floor((M - load) / b) (a, b = the drain one task adds on each, see
/// <see cref="StealPolicy.BalancedCount"/>), besides ready tasks and free slots. So every victim ends
/// at or above M and every thief at or below: the busiest worker never gets busier, no thief ends
/// heavier than any victim, and no worker is both in one plan, even when a worker is paired several
/// times. For a single pair the fence implies StealPolicy's bound k(a + b) &lt;= gap.</para>
/// <para>Pairing is greedy, heaviest victim with lightest thief: the heaviest decides when the fleet
/// is done, the lightest can absorb the most. Both budgets are whole tasks fixed at classification,
/// and each pairing exhausts the smaller one, so there are at most (victims + thieves) pairings over
/// two heaps: O(n log n), plus the thieves skipped because they cool down with the victim at hand
/// (a few per victim: only pairs planned in the last <see cref="BalancingOptions.PairCooldown"/>).</para>
/// </remarks>
public sealed class MigrationPlanner
{
    private static readonly IComparer<(double LoadMs, string Id)> HeaviestFirst = Comparer<(double LoadMs, string Id)>.Create((x, y) =>
    {
        var byLoad = y.LoadMs.CompareTo(x.LoadMs);
        return byLoad != 0 ? byLoad : string.CompareOrdinal(x.Id, y.Id);
    });

    private static readonly IComparer<(double LoadMs, string Id)> LightestFirst = Comparer<(double LoadMs, string Id)>.Create((x, y) =>
    {
        var byLoad = x.LoadMs.CompareTo(y.LoadMs);
        return byLoad != 0 ? byLoad : string.CompareOrdinal(x.Id, y.Id);
    });

    // Unordered pairs (ids in ordinal order): W1 taking from W3 and W3 from W1 are the same churn.
    private readonly PairCooldowns _cooldowns = new();
    private HashSet<string> _overloaded = new(StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The options are invalid (the message names each setting).</exception>
    public MigrationPlanner(BalancingOptions? options = null)
    {
        Options = options ?? new BalancingOptions();
        Options.ThrowIfInvalid();
    }

    public BalancingOptions Options { get; }

    /// <summary>Plans one round for the fleet as its heartbeats describe it at <paramref name="now"/>.</summary>
    /// <param name="fleet">Every known worker, each id once.</param>
    /// <param name="now">Time of the round; cooldowns planned now last until now + PairCooldown.</param>
    public Plan Plan(IReadOnlyList<WorkerLoad> fleet, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        _cooldowns.ForgetExpired(now);

        var workers = new List<Candidate>(fleet.Count);
        double totalMs = 0;
        foreach (var worker in fleet)
        {
            if (worker.Accepting)
            {
                var candidate = new Candidate(worker, Options.DefaultServiceMs);
                workers.Add(candidate);
                totalMs += candidate.LoadMs;
            }
        }

        var meanMs = workers.Count == 0 ? 0 : totalMs / workers.Count;
        var overloaded = new List<string>();
        var underloaded = new List<string>();
        var victims = new List<(Candidate, (double, string))>();
        var thieves = new List<(Candidate, (double, string))>();

        // An idle fleet (mean 0) has nothing to balance and nobody stays overloaded in it.
        if (meanMs > 0)
        {
            var tolerance = Options.Tolerance;
            var overloadedAbove = meanMs * (1 + tolerance);
            var overloadedUntilBelow = meanMs * (1 + (tolerance / 2));
            var underloadedBelow = meanMs * (1 - tolerance);
            foreach (var candidate in workers)
            {
                var load = candidate.LoadMs;
                if (load > overloadedAbove || (load >= overloadedUntilBelow && _overloaded.Contains(candidate.Id)))
                {
                    overloaded.Add(candidate.Id);
                    if (load > Options.StealThresholdMs && candidate.BecomeVictim(meanMs))
                    {
                        victims.Add((candidate, candidate.Priority));
                    }
                }
                else if (load < underloadedBelow)
                {
                    underloaded.Add(candidate.Id);
                    if (candidate.BecomeThief(meanMs))
                    {
                        thieves.Add((candidate, candidate.Priority));
                    }
                }
            }
        }

        _overloaded = new HashSet<string>(overloaded, StringComparer.Ordinal);
        var migrations = Pair(new(victims, HeaviestFirst), new(thieves, LightestFirst), meanMs, now);
        return new Plan(migrations, meanMs, overloaded, underloaded);
    }

    private List<Migration> Pair(PriorityQueue<Candidate, (double, string)> victims, PriorityQueue<Candidate, (double, string)> thieves, double meanMs, DateTimeOffset now)
    {
        var migrations = new List<Migration>();
        var skipped = new List<Candidate>();
        while (migrations.Count < Options.MaxMigrationsPerPlan && thieves.Count > 0 && victims.TryDequeue(out var victim, out _))
        {
            // Lightest thief not cooling down with this victim; the skipped ones go back for others.
            Candidate? thief = null;
            skipped.Clear();
            while (thief is null && thieves.TryDequeue(out var next, out _))
            {
                if (_cooldowns.Active(victim.Id, next.Id, now))
                {
                    skipped.Add(next);
                }
                else
                {
                    thief = next;
                }
            }

            foreach (var cooling in skipped)
            {
                thieves.Enqueue(cooling, cooling.Priority);
            }

            if (thief is null)
            {
                // Every thief left cools down with this victim: it gets nothing this round.
                continue;
            }

            Move(victim, thief, meanMs, migrations);
            _cooldowns.Start(victim.Id, thief.Id, now + Options.PairCooldown);
            if (victim.Budget > 0)
            {
                victims.Enqueue(victim, victim.Priority);
            }

            if (thief.Budget > 0)
            {
                thieves.Enqueue(thief, thief.Priority);
            }
        }

        return migrations;
    }

    /// <summary>Moves min(both budgets) tasks, strictest level first, one migration per level.</summary>
    private void Move(Candidate victim, Candidate thief, double meanMs, List<Migration> migrations)
    {
        var left = Math.Min(victim.Budget, thief.Budget);
        foreach (var level in TaskLevels.All)
        {
            if (left == 0 || migrations.Count >= Options.MaxMigrationsPerPlan)
            {
                return;
            }

            // Budgets never exceed the thief's free slots (an int), so count fits an int.
            var count = (int)Math.Min(left, victim.ReadyLeft[(int)level]);
            if (count == 0)
            {
                continue;
            }

            var victimBeforeMs = victim.LoadMs;
            var thiefBeforeMs = thief.LoadMs;
            victim.Shed(level, count);
            thief.Take(count);
            left -= count;
            var reason = MigrationReasons.Planned(
                victim.Id, victimBeforeMs, thief.Id, thiefBeforeMs, meanMs, count, level, victim.LoadMs, thief.LoadMs);
            migrations.Add(new Migration(thief.Id, victim.Id, level, count, reason));
        }
    }

    /// <summary>A worker's load as the plan changes it, and how many tasks it may still shed or take.</summary>
    private sealed class Candidate(WorkerLoad worker, double defaultServiceMs)
    {
        public string Id { get; } = worker.WorkerId;

        public double PerTaskMs { get; } = worker.PerTaskMs(defaultServiceMs);

        public double LoadMs { get; private set; } = worker.ExpectedDrainMs(defaultServiceMs);

        /// <summary>Tasks it may still shed (a victim) or take (a thief) without crossing the mean.</summary>
        public long Budget { get; private set; }

        /// <summary>A victim's ready tasks not yet planned away, indexed by level (empty for others).</summary>
        public long[] ReadyLeft { get; private set; } = [];

        public (double, string) Priority => (LoadMs, Id);

        /// <returns>Whether it can shed at least one task.</returns>
        public bool BecomeVictim(double meanMs)
        {
            // Above the mean, so the load and PerTaskMs are > 0.
            Budget = (long)Math.Min(worker.ReadyTotal, Math.Floor((LoadMs - meanMs) / PerTaskMs));
            if (Budget > 0)
            {
                ReadyLeft = new long[TaskLevels.All.Count];
                foreach (var level in TaskLevels.All)
                {
                    ReadyLeft[(int)level] = worker.ReadyAt(level);
                }
            }

            return Budget > 0;
        }

        /// <returns>Whether it can take at least one task.</returns>
        public bool BecomeThief(double meanMs)
        {
            // Zero-cost tasks (PerTaskMs 0) add no load: only free slots bound.
            var room = PerTaskMs > 0 ? Math.Floor((meanMs - LoadMs) / PerTaskMs) : double.PositiveInfinity;
            Budget = (long)Math.Min(worker.FreeSlots, room);
            return Budget > 0;
        }

        public void Shed(TaskLevel level, int count)
        {
            ReadyLeft[(int)level] -= count;
            Budget -= count;
            LoadMs -= count * PerTaskMs;
        }

        public void Take(int count)
        {
            Budget -= count;
            LoadMs += count * PerTaskMs;
        }
    }
}
