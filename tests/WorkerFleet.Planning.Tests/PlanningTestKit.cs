using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Planning.Tests;

/// <summary>Shorthands shared by the solver's tests.</summary>
internal static class PlanningTestKit
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Generous: these tests check plans, never how fast they come.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    public static readonly AllocationConstraints NoConstraints = new();

    /// <summary>Each worker's drain once the migrations are carried out.</summary>
    public static Dictionary<string, double> DrainAfter(IReadOnlyList<WorkerLoad> fleet, IEnumerable<Migration> migrations, double defaultServiceMs = 20)
    {
        var byId = fleet.ToDictionary(worker => worker.WorkerId);
        var drains = fleet.ToDictionary(worker => worker.WorkerId, worker => worker.ExpectedDrainMs(defaultServiceMs));
        foreach (var migration in migrations)
        {
            drains[migration.VictimId] -= migration.Count * byId[migration.VictimId].PerTaskMs(defaultServiceMs);
            drains[migration.ThiefId] += migration.Count * byId[migration.ThiefId].PerTaskMs(defaultServiceMs);
        }

        return drains;
    }

    /// <summary>Longest drain among accepting workers after the migrations.</summary>
    public static double LongestAfter(IReadOnlyList<WorkerLoad> fleet, IEnumerable<Migration> migrations, double defaultServiceMs = 20)
    {
        var drains = DrainAfter(fleet, migrations, defaultServiceMs);
        return fleet.Where(worker => worker.Accepting).Max(worker => drains[worker.WorkerId]);
    }

    /// <summary>The guarantees every plan keeps, whatever produced it (CP-SAT or the fallback).</summary>
    public static void AssertValid(IReadOnlyList<WorkerLoad> fleet, Plan plan, AllocationConstraints constraints, BalancingOptions options)
    {
        var byId = fleet.ToDictionary(worker => worker.WorkerId);
        Assert.True(plan.Migrations.Count <= options.MaxMigrationsPerPlan);
        Assert.All(plan.Migrations, migration =>
        {
            Assert.True(migration.Count > 0);
            Assert.False(string.IsNullOrWhiteSpace(migration.Reason));
            var thief = byId[migration.ThiefId];
            var victim = byId[migration.VictimId];
            Assert.True(thief.Accepting, $"{thief.WorkerId} receives but is not accepting");
            Assert.True(victim.Accepting, $"{victim.WorkerId} is stolen from but is not accepting");
            Assert.Empty(thief.OpenBreakers);
        });

        var thieves = plan.Migrations.Select(m => m.ThiefId).ToHashSet();
        Assert.DoesNotContain(plan.Migrations, m => thieves.Contains(m.VictimId));

        foreach (var group in plan.Migrations.GroupBy(m => (m.VictimId, m.Level)))
        {
            Assert.True(group.Sum(m => (long)m.Count) <= byId[group.Key.VictimId].ReadyAt(group.Key.Level), $"{group.Key} moves more than its ready tasks");
        }

        foreach (var group in plan.Migrations.GroupBy(m => m.ThiefId))
        {
            var thief = byId[group.Key];
            var taken = group.Sum(m => (long)m.Count);
            Assert.True(taken <= thief.FreeSlots, $"{group.Key} takes {taken} with {thief.FreeSlots} free slots");
            if (constraints.MaxTasks.TryGetValue(group.Key, out var cap))
            {
                Assert.True(thief.ReadyTotal + thief.BusySlots + taken <= cap, $"{group.Key} ends above its cap {cap}");
            }

            if (constraints.SupportedKinds.GetValueOrDefault(group.Key) is { } thiefKinds)
            {
                Assert.All(group, m => Assert.True(
                    constraints.SupportedKinds.GetValueOrDefault(m.VictimId) is { } victimKinds && victimKinds.IsSubsetOf(thiefKinds),
                    $"{group.Key} takes from {m.VictimId}, whose kinds it may not run"));
            }
        }
    }
}
