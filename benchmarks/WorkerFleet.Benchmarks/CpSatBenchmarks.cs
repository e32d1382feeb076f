using BenchmarkDotNet.Attributes;
using WorkerFleet.Planning.Optimal;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Benchmarks;

/// <summary>
/// One round of the optimal strategy (<see cref="CpSatAllocationSolver"/>) over the planner's fleets
/// (<see cref="BenchmarkFleets.Random"/>) of 100 and 1,000 workers, beside one greedy
/// <see cref="MigrationPlanner"/> round on the same fleet as the baseline, so the Ratio column is
/// CP-SAT's cost over greedy's.
/// </summary>
/// <remarks>
/// <para><b>As the balancer calls it.</b> A time limit of 500 ms: <c>BalancerLoop.SolveOptimally</c>
/// gives the solver a quarter of <c>BalancerOptions.BalanceInterval</c>, whose default is 2 s. Default
/// solver options (256 candidates per side, one search thread) and no constraints, as the balancer
/// host passes them.</para>
/// <para><b>A fresh solver each round</b>, for the planner's reason: a reused one remembers the pairs
/// it planned (cooldowns) and the overloaded workers (hysteresis), and its next round on the same
/// fleet would plan something else. The solver's call includes its own greedy plan (its hint, its
/// fallback and the plan it must beat), so CP-SAT minus the baseline is about the model and the
/// search. The first call in a process loads OR-Tools' native library (a few hundred ms); the
/// warm-up absorbs it.</para>
/// <para><b>Which plan came back.</b> A round that runs out of time returns the greedy plan
/// (<see cref="CpSatOutcome.GreedyFallback"/>), and on large fleets greedy's plan can be the better
/// one (<see cref="CpSatOutcome.GreedyBetter"/>): the time alone does not say which. Each round's
/// outcome is tallied (a dictionary update, nanoseconds beside a solve), and the tally is written to
/// the benchmark's log at the end of each case, as <c>// CP-SAT rounds: ...</c>.</para>
/// </remarks>
[MemoryDiagnoser]
public class CpSatBenchmarks
{
    /// <summary>The balancer's default: a quarter of the 2 s balance interval.</summary>
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(500);

    private static readonly AllocationConstraints NoConstraints = new();

    private readonly Dictionary<(CpSatOutcome Outcome, string Status), int> _outcomes = [];
    private WorkerLoad[] _fleet = [];
    private CpSatSolveReport? _last;

    [Params(100, 1_000)]
    public int Workers { get; set; }

    [GlobalSetup]
    public void Setup() => _fleet = BenchmarkFleets.Random(Workers);

    [Benchmark(Baseline = true)]
    public Plan Greedy() => new MigrationPlanner().Plan(_fleet, BenchmarkFleets.Now);

    [Benchmark]
    public Plan CpSat()
    {
        var solver = new CpSatAllocationSolver();
        var plan = solver.Solve(_fleet, NoConstraints, TimeLimit, BenchmarkFleets.Now);
        _last = solver.LastSolve!;
        _outcomes[(_last.Outcome, _last.SolverStatus)] = _outcomes.GetValueOrDefault((_last.Outcome, _last.SolverStatus)) + 1;
        return plan;
    }

    /// <summary>Writes the tally of outcomes and the last round's report (nothing for the greedy case).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_last is null)
        {
            return;
        }

        var tally = string.Join(", ", _outcomes.OrderByDescending(entry => entry.Value).Select(entry => $"{entry.Key.Outcome} ({entry.Key.Status}) x{entry.Value}"));
        Console.WriteLine($"// CP-SAT rounds: {tally}");
        Console.WriteLine(
            $"// CP-SAT last round: {_last.Victims} x {_last.Thieves} candidates, search {_last.SearchWallTime.TotalMilliseconds:0.#} ms of {_last.WallTime.TotalMilliseconds:0.#} ms, " +
            $"{_last.MovedTasks} tasks moved, longest drain {_last.LongestDrainBeforeMs:0} -> {_last.LongestDrainAfterMs:0} ms{(_last.Detail is null ? string.Empty : $"; {_last.Detail}")}");
    }
}
