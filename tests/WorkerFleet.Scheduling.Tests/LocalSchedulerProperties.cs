using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static WorkerFleet.Scheduling.Tests.SchedulerTestKit;

namespace WorkerFleet.Scheduling.Tests;

/// <summary>Properties of the local scheduler over generated arrival and pick sequences (time fixed: no aging).</summary>
public class LocalSchedulerProperties
{
    /// <summary>
    /// Default weights 0.3 : 0.2 : 0.1, i.e. 3 : 2 : 1. With a fixed set of non-empty levels, SWRR picks
    /// low at least once in every ceil(6 / 1) = 6 picks. Here levels empty and refill at random, and an
    /// emptied level keeps its credit, so a returning high or normal level can spend credit it earned
    /// earlier: an exhaustive search of every reachable (credits, non-empty set) state for 3 : 2 : 1
    /// (824 states, any refill after any pick) gives at most 6 consecutive picks without low while low
    /// is non-empty, so low is picked within every 7.
    /// </summary>
    private const int PicksPerLowPick = 7;

    private static readonly TaskLevel[] SharedLevels = [TaskLevel.High, TaskLevel.Normal, TaskLevel.Low];

    /// <summary>
    /// a) No starvation. The tagged low task belongs to a fresh tenant of weight 1 and cost 1, so its
    /// finish tag is V + 1 where V is the level's virtual time at its arrival. Anything arriving later
    /// (weight 1, cost >= 1) starts at >= V and finishes at >= V + 1, losing a tie by arrival order:
    /// only tasks already in low can go first. So the tag needs at most (lowAhead + 1) low picks, each
    /// within 7 picks: it leaves within 7 * (lowAhead + 1) dequeues of its arrival.
    /// </summary>
    [Property]
    public Property TaggedLowTask_IsDequeuedWithinTheDerivedBound_ForAnyArrivalAndPickSequence() =>
        Prop.ForAll(Scenarios().ToArbitrary(), scenario =>
        {
            var (ops, tagAt) = scenario;
            var scheduler = new LocalScheduler<string>();
            var lowAhead = -1;
            var picksSinceTag = 0;
            var served = false;

            void Pick()
            {
                if (!scheduler.TryDequeue(Now, out var item))
                {
                    return;
                }

                if (lowAhead >= 0 && !served)
                {
                    picksSinceTag++;
                    served = item == "tagged";
                }
            }

            for (var i = 0; i <= ops.Length; i++)
            {
                if (i == tagAt)
                {
                    lowAhead = scheduler.CountOf(TaskLevel.Low);
                    scheduler.Enqueue("tagged", Info(TaskLevel.Low, "tagged"), Now);
                }

                if (i == ops.Length)
                {
                    break;
                }

                var op = ops[i];
                if (op.IsPick)
                {
                    Pick();
                }
                else
                {
                    scheduler.Enqueue("other", Info(op.Level, op.Tenant, costMs: op.CostMs), Now);
                }
            }

            while (!served)
            {
                Pick();
            }

            Assert.InRange(picksSinceTag, 1, PicksPerLowPick * (lowAhead + 1));
        });

    /// <summary>
    /// b) Weight ratios. From equal credits with every level backlogged, a level's credit after n picks is
    /// n·w - W·count (W = sum of weights) and SWRR keeps every credit within (-W, W), so
    /// |count - n·w/W| &lt; 1 after every n: tolerance 1 task per level, at every prefix, not just at N.
    /// Checked in integers (count·W - n·w) to leave no rounding.
    /// </summary>
    [Property]
    public Property LevelCounts_StayWithinOneOfTheirWeightShare_WhenAllLevelsAreBacklogged() =>
        Prop.ForAll(WeightsAndPicks().ToArbitrary(), input =>
        {
            var (weights, picks) = input;
            var scheduler = new LocalScheduler<int>(new SchedulerOptions { HighWeight = weights[0], NormalWeight = weights[1], LowWeight = weights[2] });
            for (var level = 0; level < 3; level++)
            {
                for (var i = 0; i < picks; i++)
                {
                    scheduler.Enqueue(level, Info(SharedLevels[level]), Now);
                }
            }

            var total = weights.Sum();
            var counts = new long[3];
            for (var n = 1; n <= picks; n++)
            {
                Assert.True(scheduler.TryDequeue(Now, out var level));
                counts[level]++;
                for (var i = 0; i < 3; i++)
                {
                    Assert.InRange((counts[i] * total) - (n * weights[i]), -total + 1, total - 1);
                }
            }
        });

    /// <summary>
    /// c) EDF. Against a model of the held critical tasks: every pick while one is held returns the one
    /// with the earliest deadline (none after any deadline), the earliest arrival among equals; other
    /// levels only when none is held. Deadlines come from a range of 4 values to force ties.
    /// </summary>
    [Property]
    public Property CriticalPicks_FollowEarliestDeadlineThenArrival_ForAnyInterleaving() =>
        Prop.ForAll(CriticalOps().ToArbitrary(), ops =>
        {
            var scheduler = new LocalScheduler<int>();
            var held = new List<(int Id, DateTimeOffset? Deadline)>();
            var nextId = 0;
            foreach (var (isPick, isCritical, deadlineSeconds) in ops)
            {
                if (!isPick)
                {
                    var deadline = deadlineSeconds is { } s ? Now.AddSeconds(s) : (DateTimeOffset?)null;
                    var id = isCritical ? nextId++ : -1;
                    scheduler.Enqueue(id, Info(isCritical ? TaskLevel.Critical : TaskLevel.Normal, deadline: deadline), Now);
                    if (isCritical)
                    {
                        held.Add((id, deadline));
                    }

                    continue;
                }

                var picked = scheduler.TryDequeue(Now, out var item);
                if (held.Count == 0)
                {
                    Assert.True(!picked || item == -1);
                    continue;
                }

                var expected = held.OrderBy(task => task.Deadline is null).ThenBy(task => task.Deadline).ThenBy(task => task.Id).First();
                Assert.True(picked);
                Assert.Equal(expected.Id, item);
                held.Remove(expected);
            }
        });

    /// <summary>
    /// d) Tenant shares. k tenants of weights w_t, each backlogged (cost 1, all arriving at V = 0), so
    /// tenant t's finish tags are j / w_t. Let τ be the tag of the n-th pick: every tag &lt; τ is served
    /// and none > τ, so τ·w_t - 1 ≤ count_t ≤ τ·w_t; summing, n/W ≤ τ ≤ (n + k)/W. Hence
    /// -1 ≤ count_t - n·w_t/W ≤ k·w_t/W (finish-tag order is D'Hondt apportionment: it can run a heavy
    /// tenant up to k·w_t/W ahead, e.g. weights 1,1,1,1,5 give the heavy one 4 of the first 4 picks).
    /// </summary>
    [Property]
    public Property TenantCounts_StayWithinTheDerivedToleranceOfTheirWeightShare_WhenAllAreBacklogged() =>
        Prop.ForAll(TenantScenarios().ToArbitrary(), input =>
        {
            var (weights, level, picks) = input;
            var tenants = weights.Select((_, t) => $"tenant-{t}").ToArray();
            var options = new SchedulerOptions { TenantWeights = tenants.Zip(weights).ToDictionary(pair => pair.First, pair => (double)pair.Second) };
            var scheduler = new LocalScheduler<int>(options);
            for (var i = 0; i < picks; i++)
            {
                for (var t = 0; t < tenants.Length; t++)
                {
                    scheduler.Enqueue(t, Info(level, tenants[t]), Now);
                }
            }

            var counts = new int[tenants.Length];
            for (var n = 1; n <= picks; n++)
            {
                Assert.True(scheduler.TryDequeue(Now, out var t));
                counts[t]++;
            }

            double total = weights.Sum();
            for (var t = 0; t < tenants.Length; t++)
            {
                var deviation = counts[t] - (picks * weights[t] / total);
                Assert.InRange(deviation, -1 - 1e-9, (tenants.Length * weights[t] / total) + 1e-9);
            }
        });

    private static Gen<(Op[] Ops, int TagAt)> Scenarios()
    {
        var enqueue =
            from level in Gen.Elements(SharedLevels)
            from tenant in Gen.Elements<string?>(null, "a", "b", "c")
            from cost in Gen.Frequency((1, Gen.Constant<double?>(null)), (2, Gen.Choose(1, 20).Select(c => (double?)c)))
            select new Op(false, level, tenant, cost);
        var op = Gen.Frequency((2, Gen.Constant(new Op(true, TaskLevel.High, null, null))), (3, enqueue));
        return
            from ops in Gen.ArrayOf(op).ScaleSize(size => size * 3)
            from tagAt in Gen.Choose(0, ops.Length)
            select (ops, tagAt);
    }

    private static Gen<(int[] Weights, int Picks)> WeightsAndPicks() =>
        from weights in Gen.ArrayOf(Gen.Choose(1, 10), 3)
        from picks in Gen.Choose(60, 6000)
        select (weights, picks);

    private static Gen<(bool IsPick, bool IsCritical, int? DeadlineSeconds)[]> CriticalOps()
    {
        var enqueue =
            from isCritical in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false)))
            from deadline in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(0, 3).Select(s => (int?)s)))
            select (false, isCritical, deadline);
        var pick = Gen.Constant<(bool, bool, int?)>((true, false, null));
        return Gen.ArrayOf(Gen.Frequency((2, pick), (3, enqueue))).ScaleSize(size => size * 2);
    }

    private static Gen<(int[] Weights, TaskLevel Level, int Picks)> TenantScenarios() =>
        from k in Gen.Choose(2, 5)
        from weights in Gen.ArrayOf(Gen.Choose(1, 5), k)
        from level in Gen.Elements(SharedLevels)
        from picks in Gen.Choose(1, 600)
        select (weights, level, picks);

    private readonly record struct Op(bool IsPick, TaskLevel Level, string? Tenant, double? CostMs);
}
