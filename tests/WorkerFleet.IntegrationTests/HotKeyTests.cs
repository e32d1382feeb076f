using WorkerFleet.IntegrationTests.Infrastructure;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// The balancing claims end to end (hot key; heterogeneous speeds): `fleet bench --scenario skew` with separate worker and balancer
/// processes (4 x 4 slots, 2,000 Pareto sleeps, half on one key), static affinity against adaptive
/// balancing in one invocation, every number from the workers' journals.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class HotKeyTests(BrokerFixture broker)
{
    [Fact]
    public async Task AdaptiveBalancing_HalvesStaticAffinitysMakespan_WhileMostTasksStayOnTheirOwner()
    {
        var rows = await BenchProcess.RunAsync(broker, "--scenario", "skew", "--strategy", "none,adaptive");
        var none = rows["none"];
        var adaptive = rows["adaptive"];

        foreach (var row in rows.Values)
        {
            Assert.Equal(2000, row.GetProperty("completed").GetInt32());
            Assert.Equal(0, row.GetProperty("lost").GetInt32());
            Assert.Equal(0, row.GetProperty("duplicates").GetInt32());
        }

        var noneRatio = none.GetProperty("makespan_ratio").GetDouble();
        var adaptiveRatio = adaptive.GetProperty("makespan_ratio").GetDouble();
        Assert.True(noneRatio >= 2, $"static affinity should be >= 2x the lower bound here, was {noneRatio}");
        // The bound itself (adaptive <= 1.15x with >= 60% on the owner) is a benchmark's number:
        // `fleet bench --scenario skew` measured adaptive 1.078-1.099 with affinity 0.598-0.655 in
        // sixteen invocations, none 2.64-2.65 (docs/benchmarks.md). Here, beside other test assemblies
        // on a shared machine, the mechanism is checked with room to spare: perfect balance leaves at
        // most 0.625 on the owner, so 0.60 itself has none (a clean-clone run fell under it), and the
        // shared queue, which keeps no affinity, gets 0.32.
        Assert.True(adaptiveRatio <= 0.6 * noneRatio, $"adaptive {adaptiveRatio} vs none {noneRatio}");
        var affinity = adaptive.GetProperty("affinity_hit_ratio").GetDouble();
        Assert.True(affinity >= 0.55, $"most tasks on their owner, was {affinity} ({adaptive.GetProperty("migrations").GetInt32()} migrations)");
        Assert.True(adaptive.GetProperty("migrations").GetInt32() > 0);
    }

    [Fact]
    public async Task HeterogeneousWorkers_DoWorkInProportionToSpeed_UnderAdaptiveBalancing()
    {
        // Speeds 1, 1, 2, 4: Jain's index of speed-normalised utilisation (busy slot-time / slots x makespan).
        var adaptive = (await BenchProcess.RunAsync(broker, "--scenario", "hetero", "--strategy", "adaptive"))["adaptive"];

        Assert.Equal(0, adaptive.GetProperty("lost").GetInt32());
        Assert.Equal(0, adaptive.GetProperty("duplicates").GetInt32());
        Assert.True(adaptive.GetProperty("jain").GetDouble() >= 0.95, $"jain {adaptive.GetProperty("jain").GetDouble()}");
    }
}
