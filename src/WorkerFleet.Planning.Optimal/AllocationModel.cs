using System.Globalization;
using Google.OrTools.Sat;

namespace WorkerFleet.Planning.Optimal;

/// <summary>
/// The CP-SAT model of one balancing round: how many ready tasks each victim sheds and each thief
/// takes, so that the longest expected drain among the candidates is as short as possible.
/// </summary>
/// <remarks>
/// <para><b>Who takes from whom.</b> Most thieves may take from every candidate victim: those are
/// "open", and for them the pairing does not matter, because a victim's drain depends only on how
/// many tasks it sheds and a thief's only on how many it takes. So the model does not give them a
/// variable per pair: victims shed into a pool (pool[v]) and open thieves take from it (take[t]),
/// Σ pool = Σ take, and any split of the pool into pairs is a valid plan (<see cref="Decompose"/>
/// pairs heaviest victim with lightest thief). A thief that may take only from some victims (a
/// kind set, or a pair cooling down) gets a variable per allowed pair, m[v,t]. The model thus
/// grows with the candidates, k + k, not with the pairs, k x k, and the search is not handed the
/// many equivalent pairings of one plan. Levels are not variables either: every constraint and term
/// but "no more than the victim's ready tasks at that level" is blind to the level, and any total
/// within the victim's ready tasks splits into levels that respect those counts (the caller splits
/// strictest first).</para>
/// <para><b>Constraints.</b> shed(v) = pool[v] + Σ_t m[v,t] &lt;= ready(v); taken(t) = take[t] or
/// Σ_v m[v,t], at most room(t) = min(free slots, task cap - tasks held); Z >= D(v) - a(v)·shed(v)
/// and Z >= D(t) + b(t)·taken(t), with D the drain before and a, b the drain one task adds on that
/// worker (its service time / its slots: the thief runs a taken task at its own pace);
/// e[w] >= drain after(w) - mean, e[w] >= 0.</para>
/// <para><b>Objective.</b> W·Z + Σ e[w] + c·(tasks moved), in integer units. Z is the balance the
/// strategy is for. Σ e is the tie-break among plans with the same Z: without it the heaviest
/// candidate decides alone, and when it cannot shed more (its drain is mostly busy slots, or its
/// pairs cool down) the others would have no reason to move at all; with it a victim keeps shedding
/// towards the mean while one task's drain there, a(v), exceeds the migration cost c, and no thief is
/// filled above the mean unless that shortens Z. c charges <c>MigrationCostMs</c> per moved task,
/// so of two plans equally balanced the one that moves fewer tasks (keeps more affinity) wins.</para>
/// <para><b>Scaling.</b> CP-SAT solves over integers. One unit is 1/s ms, with s chosen so that the
/// cheapest candidate's per-task drain is 1,000 units; every per-task drain is rounded to whole
/// units (at least 1 when it is positive), so it is off by at most 0.05 %, and a load is tasks held
/// x per-task units, so the model's arithmetic is exact in its own units. (The solver compares plans
/// in real milliseconds afterwards, so rounding never makes it prefer the worse one.) W = 1 + T·(a_max + b_max + c), with T the
/// most tasks any plan can move: two plans' Σ e + c·(tasks moved) differ by at most
/// T·(a_max + b_max + c), so one unit less of Z outweighs any difference in the other terms. Balance
/// dominates lexicographically; the migration cost only chooses among equally balanced plans and
/// stops moves that would not shorten Z (a shorter Z is always worth its moves: that is the
/// strategy). The objective's largest value, W·Z_max plus the rest, is kept under 2^53 so that it is
/// exact as the double CP-SAT reports (and far under CP-SAT's int64 overflow check): when it is not,
/// s is halved until it is, trading resolution for range.</para>
/// </remarks>
internal static class AllocationModel
{
    private const double UnitsPerCheapestTask = 1000;

    private const double LargestObjective = 9_007_199_254_740_992; // 2^53

    /// <param name="victims">Candidates that may shed, heaviest first, each with a thief that may take from it.</param>
    /// <param name="thieves">Candidates that may take, lightest first, each with a victim it may take from.</param>
    /// <param name="allowed">Per thief, the victims (indices) it may take from, or null for every victim (open).</param>
    /// <param name="meanMs">Mean drain of the accepting workers.</param>
    /// <param name="migrationCostMs">Cost per moved task.</param>
    /// <param name="hint">Tasks per (victim, thief) a greedy plan would move: a first solution to improve on.</param>
    /// <param name="budget">CP-SAT's max_time_in_seconds, asked once the model is built (nothing left: UNKNOWN without a search).</param>
    /// <param name="options">Search threads and seed.</param>
    /// <exception cref="OverflowException">No scale fits the objective in 2^53.</exception>
    public static AllocationModelResult Solve(
        IReadOnlyList<AllocationCandidate> victims,
        IReadOnlyList<AllocationCandidate> thieves,
        IReadOnlyList<IReadOnlyList<int>?> allowed,
        double meanMs,
        double migrationCostMs,
        IReadOnlyDictionary<(int Victim, int Thief), long> hint,
        Func<TimeSpan> budget,
        CpSatSolverOptions options)
    {
        var units = Units.Choose(victims, thieves, meanMs, migrationCostMs);
        var model = new CpModel();
        var shed = victims.Select(_ => new List<IntVar>()).ToArray();
        var taken = thieves.Select(_ => new List<IntVar>()).ToArray();
        var everyMove = new List<IntVar>();

        // Open thieves take from the pool; the others have a variable per allowed pair. Every move
        // variable is hinted with the greedy plan's amount (0 where it moves nothing): a complete
        // first solution, since that plan keeps the same bounds, for CP-SAT to improve on.
        var pool = new IntVar?[victims.Count];
        var take = new IntVar?[thieves.Count];
        var pairs = new List<(int Victim, int Thief, IntVar Move)>();
        var poolHint = new long[victims.Count];
        var takeHint = new long[thieves.Count];
        foreach (var ((v, t), count) in hint)
        {
            if (allowed[t] is null)
            {
                poolHint[v] += count;
                takeHint[t] += count;
            }
        }

        if (allowed.Any(victimsOf => victimsOf is null))
        {
            for (var v = 0; v < victims.Count; v++)
            {
                pool[v] = model.NewIntVar(0, victims[v].Limit, string.Empty);
                shed[v].Add(pool[v]!);
                model.AddHint(pool[v]!, poolHint[v]);
            }
        }

        for (var t = 0; t < thieves.Count; t++)
        {
            if (allowed[t] is not { } victimsOfThief)
            {
                take[t] = model.NewIntVar(0, units.ThiefRoom[t], string.Empty);
                taken[t].Add(take[t]!);
                everyMove.Add(take[t]!);
                model.AddHint(take[t]!, Math.Min(takeHint[t], units.ThiefRoom[t]));
                continue;
            }

            foreach (var v in victimsOfThief)
            {
                var move = model.NewIntVar(0, Math.Min(victims[v].Limit, units.ThiefRoom[t]), string.Empty);
                pairs.Add((v, t, move));
                shed[v].Add(move);
                taken[t].Add(move);
                everyMove.Add(move);
                model.AddHint(move, Math.Min(hint.GetValueOrDefault((v, t)), Math.Min(victims[v].Limit, units.ThiefRoom[t])));
            }
        }

        if (pool.Any(variable => variable is not null))
        {
            model.Add(LinearExpr.Sum(pool.OfType<IntVar>()) == LinearExpr.Sum(take.OfType<IntVar>()));
        }

        var longest = model.NewIntVar(0, units.LongestBefore, "longest");
        var objective = LinearExpr.NewBuilder().AddTerm(longest, units.BalanceWeight);
        for (var v = 0; v < victims.Count; v++)
        {
            var tasks = LinearExpr.Sum(shed[v]);
            model.Add(tasks <= victims[v].Limit);
            model.Add(longest + (units.VictimPerTask[v] * tasks) >= units.VictimBefore[v]);
            AddExcess(model, objective, units.VictimBefore[v] - units.Mean, tasks, -units.VictimPerTask[v], units.VictimBefore[v] - units.Mean);
        }

        for (var t = 0; t < thieves.Count; t++)
        {
            var tasks = LinearExpr.Sum(taken[t]);
            model.Add(tasks <= units.ThiefRoom[t]);
            model.Add(longest - (units.ThiefPerTask[t] * tasks) >= units.ThiefBefore[t]);
            var mostAfter = units.ThiefBefore[t] + (units.ThiefPerTask[t] * units.ThiefRoom[t]);
            AddExcess(model, objective, mostAfter - units.Mean, tasks, units.ThiefPerTask[t], units.ThiefBefore[t] - units.Mean);
        }

        if (units.MigrationCost > 0)
        {
            objective.AddTerm(LinearExpr.Sum(everyMove), units.MigrationCost);
        }

        model.Minimize(objective);

        // Asked only now, so that building the model counts against the caller's limit.
        var seconds = budget().TotalSeconds;
        if (seconds <= 0)
        {
            return new AllocationModelResult(CpSolverStatus.Unknown, [], null, 0, TimeSpan.Zero);
        }

        // No presolve: the model comes out of this method already tight (bounds from ready tasks,
        // rooms and the longest drain; no redundant rows), and CP-SAT's dominance detection alone
        // took 190 ms of a 200 ms limit on a 900-variable round, leaving no time to search.
        using var solver = new CpSolver
        {
            StringParameters = string.Create(
                CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{seconds:0.#########} num_workers:{options.SearchWorkers} random_seed:{options.RandomSeed} cp_model_presolve:false"),
        };
        var status = solver.Solve(model, null);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return new AllocationModelResult(status, [], null, solver.BestObjectiveBound, TimeSpan.FromSeconds(solver.WallTime()));
        }

        var moves = pairs.Select(pair => new PlannedMove(pair.Victim, pair.Thief, solver.Value(pair.Move))).Where(move => move.Count > 0).ToList();
        moves.AddRange(Decompose(pool.Select(variable => variable is null ? 0 : solver.Value(variable)), take.Select(variable => variable is null ? 0 : solver.Value(variable))));
        return new AllocationModelResult(status, moves, solver.ObjectiveValue, solver.BestObjectiveBound, TimeSpan.FromSeconds(solver.WallTime()));
    }

    /// <summary>
    /// Splits the pool into pairs: victims in order (heaviest first) fill thieves in order (lightest
    /// first), each pair taking what the smaller of the two has left. Valid because every thief
    /// taking from the pool may take from every victim; at most victims + thieves - 1 pairs.
    /// </summary>
    internal static IEnumerable<PlannedMove> Decompose(IEnumerable<long> pool, IEnumerable<long> take)
    {
        var thieves = take.Select((count, thief) => (Thief: thief, Left: count)).Where(entry => entry.Left > 0).ToList();
        var next = 0;
        foreach (var (victim, count) in pool.Select((count, victim) => (victim, count)))
        {
            var left = count;
            while (left > 0 && next < thieves.Count)
            {
                var moved = Math.Min(left, thieves[next].Left);
                yield return new PlannedMove(victim, thieves[next].Thief, moved);
                left -= moved;
                thieves[next] = thieves[next] with { Left = thieves[next].Left - moved };
                if (thieves[next].Left == 0)
                {
                    next++;
                }
            }
        }
    }

    /// <summary>e >= offset + perTask·tasks (the drain above the mean), at most <paramref name="most"/>; skipped when it can never be positive.</summary>
    private static void AddExcess(CpModel model, LinearExprBuilder objective, long most, LinearExpr tasks, long perTask, long offset)
    {
        if (most <= 0)
        {
            return;
        }

        var excess = model.NewIntVar(0, most, string.Empty);
        model.Add(excess - (perTask * tasks) >= offset);
        objective.Add(excess);
    }

    /// <summary>The candidates' numbers in integer units (see the remarks of <see cref="AllocationModel"/>).</summary>
    private sealed class Units
    {
        public required long[] VictimPerTask { get; init; }

        public required long[] VictimBefore { get; init; }

        public required long[] ThiefPerTask { get; init; }

        public required long[] ThiefBefore { get; init; }

        /// <summary>Tasks a thief may take: its room, and no more than would lift it above the longest drain now.</summary>
        public required long[] ThiefRoom { get; init; }

        public required long Mean { get; init; }

        public required long MigrationCost { get; init; }

        public required long LongestBefore { get; init; }

        public required long BalanceWeight { get; init; }

        public static Units Choose(IReadOnlyList<AllocationCandidate> victims, IReadOnlyList<AllocationCandidate> thieves, double meanMs, double migrationCostMs)
        {
            // Victims drain above the mean (> 0), so they have a positive per-task drain.
            var cheapestMs = victims.Concat(thieves).Where(c => c.PerTaskMs > 0).Min(c => c.PerTaskMs);
            var scale = UnitsPerCheapestTask / cheapestMs;
            for (var halvings = 0; halvings < 128; halvings++, scale /= 2)
            {
                var units = TryAt(scale, victims, thieves, meanMs, migrationCostMs);
                if (units is not null)
                {
                    return units;
                }
            }

            throw new OverflowException("the fleet's loads do not fit CP-SAT's integers at any scale");
        }

        private static Units? TryAt(double scale, IReadOnlyList<AllocationCandidate> victims, IReadOnlyList<AllocationCandidate> thieves, double meanMs, double migrationCostMs)
        {
            // Every product below is checked in doubles first, so no long arithmetic can overflow.
            var victimPerTask = victims.Select(c => PerTaskUnits(c.PerTaskMs, scale)).ToArray();
            var thiefPerTask = thieves.Select(c => PerTaskUnits(c.PerTaskMs, scale)).ToArray();
            if (victims.Select((c, i) => (double)c.Holds * victimPerTask[i]).Concat(thieves.Select((c, i) => (double)c.Holds * thiefPerTask[i])).Max() > LargestObjective)
            {
                return null;
            }

            var victimBefore = victims.Select((c, i) => c.Holds * victimPerTask[i]).ToArray();
            var thiefBefore = thieves.Select((c, i) => c.Holds * thiefPerTask[i]).ToArray();
            var longest = victimBefore.Max();
            var thiefRoom = thieves.Select((c, i) =>
                thiefBefore[i] >= longest ? 0
                : thiefPerTask[i] == 0 ? c.Limit
                : Math.Min(c.Limit, (longest - thiefBefore[i]) / thiefPerTask[i])).ToArray();
            var mean = (long)Math.Round(meanMs * scale);
            var cost = (long)Math.Round(migrationCostMs * scale);
            var movable = Math.Min(victims.Sum(c => (double)c.Limit), thiefRoom.Sum(room => (double)room));
            var weight = 1 + (movable * (victimPerTask.Max() + (thiefPerTask.Length == 0 ? 0 : thiefPerTask.Max()) + (double)cost));
            var rest = victimBefore.Sum(before => Math.Max(0, before - (double)mean))
                + thiefBefore.Select((before, i) => Math.Max(0, before + ((double)thiefPerTask[i] * thiefRoom[i]) - mean)).Sum()
                + (movable * cost);
            if ((weight * longest) + rest > LargestObjective)
            {
                return null;
            }

            return new Units
            {
                VictimPerTask = victimPerTask,
                VictimBefore = victimBefore,
                ThiefPerTask = thiefPerTask,
                ThiefBefore = thiefBefore,
                ThiefRoom = thiefRoom,
                Mean = mean,
                MigrationCost = cost,
                LongestBefore = longest,
                BalanceWeight = (long)weight,
            };
        }

        private static long PerTaskUnits(double perTaskMs, double scale) =>
            perTaskMs > 0 ? Math.Max(1, (long)Math.Round(perTaskMs * scale)) : 0;
    }
}
