using System.Globalization;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Optimal;

/// <summary>
/// The <see cref="BalancingStrategy.Optimal"/> strategy: each round, a time-limited OR-Tools CP-SAT
/// search for the moves that make the longest expected drain of the fleet as short as possible,
/// with the greedy <see cref="MigrationPlanner"/> as fallback.
/// </summary>
/// <remarks>
/// <para><b>One thread at a time.</b> It holds memory across rounds (hysteresis, pair cooldowns,
/// <see cref="LastSolve"/>), so the balancer calls it from one place, as it does the planner; a
/// second call while one runs throws <see cref="InvalidOperationException"/> rather than corrupt that
/// memory. Each call builds its own CP-SAT model and solver, so separate instances are independent.</para>
/// <para><b>Who moves.</b> The round acts only when some accepting worker is overloaded and could
/// shed (see <see cref="FleetRound"/> for the bands, shared with the planner). Victims are accepting
/// workers above the mean with ready tasks and a drain above <c>StealThresholdMs</c>; thieves are
/// accepting workers below the mean with free slots, room under their
/// <see cref="AllocationConstraints.MaxTasks"/> cap and no open breaker. The k most loaded victims
/// and the k least loaded thieves (k = <see cref="CpSatSolverOptions.CandidatesPerSide"/>) enter the
/// model, so its size is bounded whatever the fleet's. A pair planned in the last
/// <c>PairCooldown</c> is left out, as by the planner.</para>
/// <para><b>How much.</b> The same bounds as the planner: all a victim's moves together take at most
/// its ready tasks (and at most those of each level), all a thief's together at most its free slots
/// (its credit: what it can consume at once) and its cap room. The model is in
/// <see cref="AllocationModel"/>, with its objective and the scaling of that objective explained.</para>
/// <para><b>Caps.</b> <see cref="AllocationConstraints.MaxTasks"/> bounds what a worker holds once the
/// plan is carried out, so a thief takes at most cap - (ready + busy). A plan only lowers what a
/// victim holds; a victim above its cap is not made to shed for that reason (the cap limits what a
/// worker is given, not what routing already gave it).</para>
/// <para><b>Kinds and breakers.</b> Heartbeats count ready tasks per level, not per kind, so no plan
/// can choose kinds. A worker given a task of a kind it has no handler for dead-letters it, and one
/// whose breaker for the kind is open hands it to the fallback queue. So: a thief with any open
/// breaker takes nothing (the reactive <see cref="StealPolicy"/>, which knows the kind it steals for,
/// still serves it); a thief with a <see cref="AllocationConstraints.SupportedKinds"/> set takes only
/// from a victim whose own set is known and contained in it. Then every task it can receive is one
/// it can run or one the victim could not run either: a move never makes a task fail that its
/// victim would have run. A thief that takes every kind (no set) takes from anyone.</para>
/// <para><b>The greedy plan.</b> Each round the greedy planner's plan is made too, with the rules
/// above applied (<see cref="GreedyPlan"/>): it is CP-SAT's starting hint, the fallback when CP-SAT
/// finds no solution within the limit, the model does not fit its integers, or anything throws, and
/// the plan CP-SAT's must beat. CP-SAT sees only the k x k candidates, the planner every worker: on
/// a large fleet with many hot workers it reaches capacity CP-SAT was not shown, and then its plan
/// (fleet-wide longest drain shorter) is returned, as <see cref="CpSatOutcome.GreedyBetter"/>. Every
/// reason says which plan it comes from.</para>
/// <para><b>Time.</b> The limit covers the whole call: CP-SAT's <c>max_time_in_seconds</c> is what is
/// left once the model is built, less a tenth of the limit for reading the solution and writing the
/// plan. CP-SAT checks its clock between steps, so a call can overrun by a few milliseconds;
/// <see cref="CpSatSolveReport.WallTime"/> tells. Durations come from the injected
/// <see cref="TimeProvider"/>; cooldowns from the given <c>now</c>.</para>
/// </remarks>
public sealed class CpSatAllocationSolver : IAllocationSolver
{
    // Unordered pairs (ids in ordinal order): W1 taking from W3 and W3 from W1 are the same churn.
    private readonly PairCooldowns _cooldowns = new();
    private readonly TimeProvider _time;
    private HashSet<string> _overloaded = new(StringComparer.Ordinal);
    private int _solving;

    /// <param name="options">The balancer's settings (bands, threshold, cooldown, plan size); defaults when null.</param>
    /// <param name="solverOptions">CP-SAT's settings; defaults when null.</param>
    /// <param name="timeProvider">Measures wall times; the system's when null.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message names each setting).</exception>
    public CpSatAllocationSolver(BalancingOptions? options = null, CpSatSolverOptions? solverOptions = null, TimeProvider? timeProvider = null)
    {
        Options = options ?? new BalancingOptions();
        SolverOptions = solverOptions ?? new CpSatSolverOptions();
        var errors = Options.Validate().Concat(SolverOptions.Validate()).ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _time = timeProvider ?? TimeProvider.System;
    }

    public BalancingOptions Options { get; }

    public CpSatSolverOptions SolverOptions { get; }

    /// <summary>What the last completed <see cref="Solve"/> did; null before the first.</summary>
    public CpSatSolveReport? LastSolve { get; private set; }

    /// <inheritdoc />
    /// <param name="fleet">Every known worker, each id once.</param>
    /// <param name="constraints">Caps, kinds and the migration cost (>= 0).</param>
    /// <param name="timeLimit">Budget of the whole call (>= 0; zero goes straight to the greedy plan).</param>
    /// <param name="now">Time of the round; pairs planned now cool down until now + PairCooldown.</param>
    /// <exception cref="InvalidOperationException">Another thread is in <see cref="Solve"/> of this instance.</exception>
    public Plan Solve(IReadOnlyList<WorkerLoad> fleet, AllocationConstraints constraints, TimeSpan timeLimit, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        ArgumentNullException.ThrowIfNull(constraints);
        ArgumentNullException.ThrowIfNull(constraints.MaxTasks, nameof(constraints));
        ArgumentNullException.ThrowIfNull(constraints.SupportedKinds, nameof(constraints));
        ArgumentOutOfRangeException.ThrowIfLessThan(timeLimit, TimeSpan.Zero);
        if (!(constraints.MigrationCostMs >= 0) || double.IsInfinity(constraints.MigrationCostMs))
        {
            throw new ArgumentOutOfRangeException(nameof(constraints), constraints.MigrationCostMs, "MigrationCostMs must be a finite number >= 0");
        }

        if (Interlocked.Exchange(ref _solving, 1) != 0)
        {
            throw new InvalidOperationException("CpSatAllocationSolver is not thread-safe: call Solve from one thread at a time");
        }

        try
        {
            return SolveRound(fleet, constraints, timeLimit, now);
        }
        finally
        {
            Volatile.Write(ref _solving, 0);
        }
    }

    private Plan SolveRound(IReadOnlyList<WorkerLoad> fleet, AllocationConstraints constraints, TimeSpan timeLimit, DateTimeOffset now)
    {
        var started = _time.GetTimestamp();
        _cooldowns.ForgetExpired(now);
        var round = FleetRound.Classify(fleet, Options, _overloaded, worker => PairRules.RoomUnderCap(worker, constraints));
        _overloaded = new HashSet<string>(round.Overloaded, StringComparer.Ordinal);
        var context = new RoundContext(round, started, now);
        if (!round.Acts)
        {
            return Finish(context, [], CpSatOutcome.NothingToBalance, "NOT_RUN", "no overloaded worker can shed", null);
        }

        var greedy = GreedyPlan.Make(fleet, Options, constraints, now, (a, b) => _cooldowns.Active(a, b, now));
        var cooling = _cooldowns.Workers;
        var (victims, thieves, allowed) = CandidateChooser.Choose(
            round,
            SolverOptions.CandidatesPerSide,
            id => constraints.SupportedKinds.GetValueOrDefault(id) is not null,
            cooling,
            (victim, thief) => PairRules.KindsFit(victim.Id, thief.Id, constraints) && !_cooldowns.Active(victim.Id, thief.Id, now));
        context = context with { Victims = victims.Count, Thieves = thieves.Count, Pairs = allowed.Sum(victimsOf => victimsOf?.Count ?? victims.Count) };
        if (context.Pairs == 0)
        {
            return greedy.Count == 0
                ? Finish(context, [], CpSatOutcome.NothingToBalance, "NOT_RUN", "no victim-thief pair may move work (cooldowns, kinds, breakers, caps or free slots)", null)
                : Fallback(context, greedy, "NOT_RUN", "had no candidate pair", null);
        }

        // What the search may use: the limit, less what was spent so far, less a tenth of the limit
        // kept for reading the solution and writing the plan.
        TimeSpan Budget() => timeLimit - _time.GetElapsedTime(started) - (timeLimit / 10);
        if (Budget() <= TimeSpan.Zero)
        {
            return Fallback(context, greedy, "NOT_RUN", "had no time left to search", null);
        }

        AllocationModelResult result;
        try
        {
            var hint = Hint(greedy, victims, thieves);
            result = AllocationModel.Solve(victims, thieves, allowed, round.MeanMs, constraints.MigrationCostMs, hint, Budget, SolverOptions);
        }
        catch (Exception exception)
        {
            return Fallback(context, greedy, "ERROR", $"threw {exception.GetType().Name} ({exception.Message})", null);
        }

        if (!result.HasSolution)
        {
            var why = string.Create(CultureInfo.InvariantCulture, $"found no solution within {timeLimit.TotalMilliseconds:0.###} ms ({result.StatusName})");
            return Fallback(context, greedy, result.StatusName, why, result);
        }

        var (migrations, truncated) = ToMigrations(victims, thieves, result);
        var solvedLongest = round.LongestDrainAfter(migrations, Options.DefaultServiceMs);
        var greedyLongest = round.LongestDrainAfter([.. greedy.Select(entry => entry.Migration)], Options.DefaultServiceMs);

        // Equal (to rounding) keeps CP-SAT's plan: it is the better one on the other terms.
        if (greedyLongest < solvedLongest - (1e-9 * solvedLongest))
        {
            var why = string.Create(
                CultureInfo.InvariantCulture,
                $"kept: it leaves the longest drain at {greedyLongest:0} ms, CP-SAT's {result.StatusName} plan over {victims.Count} x {thieves.Count} candidates at {solvedLongest:0} ms");
            return Finish(context, Reasoned(greedy, "greedy plan " + why), CpSatOutcome.GreedyBetter, result.StatusName, "greedy plan " + why, result);
        }

        var outcome = result.Status == Google.OrTools.Sat.CpSolverStatus.Optimal ? CpSatOutcome.Optimal : CpSatOutcome.Feasible;
        return Finish(context, migrations, outcome, result.StatusName, null, result, truncated);
    }

    /// <summary>Tasks per (victim, thief) of the greedy plan, by candidate index: CP-SAT's first solution to improve on.</summary>
    private static Dictionary<(int Victim, int Thief), long> Hint(List<(Migration Migration, int PlannedCount)> greedy, List<AllocationCandidate> victims, List<AllocationCandidate> thieves)
    {
        var victimIndex = Enumerable.Range(0, victims.Count).ToDictionary(v => victims[v].Id, StringComparer.Ordinal);
        var thiefIndex = Enumerable.Range(0, thieves.Count).ToDictionary(t => thieves[t].Id, StringComparer.Ordinal);
        var counts = new Dictionary<(int, int), long>();
        foreach (var (migration, _) in greedy)
        {
            if (victimIndex.TryGetValue(migration.VictimId, out var v) && thiefIndex.TryGetValue(migration.ThiefId, out var t))
            {
                counts[(v, t)] = counts.GetValueOrDefault((v, t)) + migration.Count;
            }
        }

        return counts;
    }

    /// <summary>One migration per pair and level with tasks to move: victims heaviest first, each one's strictest levels to its lightest thieves.</summary>
    private (List<Migration> Migrations, bool Truncated) ToMigrations(List<AllocationCandidate> victims, List<AllocationCandidate> thieves, AllocationModelResult result)
    {
        var moves = new List<(int Victim, int Thief, TaskLevel Level, int Count)>();
        var readyLeft = victims.Select(victim => TaskLevels.All.Select(victim.Worker.ReadyAt).ToArray()).ToArray();
        foreach (var (v, t, count) in result.Moves.OrderBy(move => move.Victim).ThenBy(move => move.Thief))
        {
            var left = count;
            foreach (var level in TaskLevels.All)
            {
                // The model kept the pair's total within the thief's free slots (an int), so it fits.
                var atLevel = (int)Math.Min(left, readyLeft[v][(int)level]);
                if (atLevel > 0)
                {
                    moves.Add((v, t, level, atLevel));
                    readyLeft[v][(int)level] -= atLevel;
                    left -= atLevel;
                }
            }
        }

        var truncated = moves.Count > Options.MaxMigrationsPerPlan;
        if (truncated)
        {
            moves.RemoveRange(Options.MaxMigrationsPerPlan, moves.Count - Options.MaxMigrationsPerPlan);
        }

        var shed = new long[victims.Count];
        var taken = new long[thieves.Count];
        foreach (var (v, t, _, count) in moves)
        {
            shed[v] += count;
            taken[t] += count;
        }

        var movedInAll = shed.Sum();
        var objective = result.ObjectiveValue ?? 0;
        return (moves.Select(move =>
        {
            var victim = victims[move.Victim];
            var thief = thieves[move.Thief];
            var reason = OptimalReasons.Solved(
                result.StatusName, objective, victims.Count, thieves.Count, movedInAll,
                victim.Id, victim.LoadMs, thief.Id, thief.LoadMs, move.Count, move.Level,
                victim.LoadMs - (shed[move.Victim] * victim.PerTaskMs), thief.LoadMs + (taken[move.Thief] * thief.PerTaskMs));
            return new Migration(thief.Id, victim.Id, move.Level, move.Count, reason);
        }).ToList(), truncated);
    }

    private Plan Fallback(RoundContext context, List<(Migration Migration, int PlannedCount)> greedy, string status, string why, AllocationModelResult? result) =>
        Finish(context, Reasoned(greedy, "greedy fallback, CP-SAT " + why), CpSatOutcome.GreedyFallback, status, "CP-SAT " + why, result);

    private static List<Migration> Reasoned(List<(Migration Migration, int PlannedCount)> greedy, string prefix) =>
        [.. greedy.Select(entry => entry.Migration with { Reason = OptimalReasons.Greedy(prefix, entry.Migration, entry.PlannedCount) })];

    private Plan Finish(RoundContext context, List<Migration> migrations, CpSatOutcome outcome, string status, string? detail, AllocationModelResult? result, bool truncated = false)
    {
        foreach (var migration in migrations)
        {
            _cooldowns.Start(migration.VictimId, migration.ThiefId, context.Now + Options.PairCooldown);
        }

        var round = context.Round;
        LastSolve = new CpSatSolveReport(
            outcome,
            status,
            detail,
            _time.GetElapsedTime(context.Started),
            result?.SearchWallTime ?? TimeSpan.Zero,
            result?.ObjectiveValue,
            result?.BestObjectiveBound,
            context.Victims,
            context.Thieves,
            context.Pairs,
            migrations.Sum(migration => (long)migration.Count),
            round.LongestDrainMs,
            round.LongestDrainAfter(migrations, Options.DefaultServiceMs),
            truncated);
        return new Plan(migrations, round.MeanMs, round.Overloaded, round.Underloaded);
    }

    /// <summary>What a round's report needs besides the plan.</summary>
    private sealed record RoundContext(FleetRound Round, long Started, DateTimeOffset Now)
    {
        public int Victims { get; init; }

        public int Thieves { get; init; }

        public int Pairs { get; init; }
    }
}
