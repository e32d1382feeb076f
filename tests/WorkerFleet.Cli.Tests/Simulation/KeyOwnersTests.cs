using System.Text.Json;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Simulation;
using WorkerFleet.Runtime;
using static WorkerFleet.Cli.Tests.Records;
using static WorkerFleet.Cli.Tests.Simulation.SimulationFixtures;

namespace WorkerFleet.Cli.Tests.Simulation;

public class KeyOwnersTests
{
    [Fact]
    public void TryRead_TakesTheOwnQueuesOfTheNoneRun_WhenTheSharedRunHasNone()
    {
        using var bench = new TempFolder();
        WriteJournal(bench.Path, "x-none",
        [
            Taken("a", "w1", "w1"), Taken("b", "w2", "w2"),
            Taken("c", "w3", "w2"), // Stolen by w3: still w2's queue.
            Record($"{BenchWarmUp.IdPrefix}1", 0, 1) with { Affinity = "warm" },
            Record("no-key", 0, 1),
        ]);
        WriteJournal(bench.Path, "x-shared", [Record("a-2", 0, 1) with { Affinity = "a", SourceQueue = "bench.shared" }]);

        Assert.True(KeyOwners.TryRead(bench.Path, "x", out var owners, out var error), error);

        Assert.Equal("x-none", Path.GetFileName(owners.Run));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "w1", ["b"] = "w2", ["c"] = "w2" }, owners.Owners);
    }

    [Fact]
    public void TryRead_TakesOnlyTheNoneRun_WhenAnotherRunHadADifferentRing()
    {
        using var bench = new TempFolder();
        WriteJournal(bench.Path, "x-adaptive", [Taken("a", "w2", "w2"), Taken("d", "w1", "w1")]);
        WriteJournal(bench.Path, "x-none", [Taken("a", "w1", "w1")]);
        WriteJournal(bench.Path, "y-none", [Taken("a", "w3", "w3")]);

        Assert.True(KeyOwners.TryRead(bench.Path, "x", out var owners, out var error), error);

        Assert.Equal("x-none", Path.GetFileName(owners.Run));
        Assert.Equal(new Dictionary<string, string> { ["a"] = "w1" }, owners.Owners);
    }

    [Fact]
    public void TryRead_TakesTheFirstRunWithOwnQueues_WhenThereIsNoNoneRun()
    {
        using var bench = new TempFolder();
        WriteJournal(bench.Path, "x-steal", [Taken("a", "w2", "w2")]);
        WriteJournal(bench.Path, "x-adaptive", [Taken("a", "w1", "w1")]);
        WriteJournal(bench.Path, "x-a-shared", [Record("a-1", 0, 1) with { Affinity = "a", SourceQueue = "fleet.unrouted.normal" }]);

        Assert.True(KeyOwners.TryRead(bench.Path, "x", out var owners, out var error), error);

        Assert.Equal("x-adaptive", Path.GetFileName(owners.Run));
        Assert.Equal("w1", owners.Owners["a"]);
    }

    [Fact]
    public void TryRead_FailsNamingTheScenario_WhenOnlyItsSharedRunWasJournaled()
    {
        using var bench = new TempFolder();
        WriteJournal(bench.Path, "x-shared", [Record("a-1", 0, 1) with { Affinity = "a", SourceQueue = "bench.shared" }]);
        WriteJournal(bench.Path, "y-none", [Taken("a", "w1", "w1")]);

        Assert.False(KeyOwners.TryRead(bench.Path, "x", out _, out var error));
        Assert.Contains("no run of x", error, StringComparison.Ordinal);
        Assert.False(KeyOwners.TryRead(bench.File("missing"), "x", out _, out error));
        Assert.Contains("journals", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RunsEveryTaskOfAKeyOnItsNamedWorker_WhenKeyOwnersNameOneOfTheFleet()
    {
        var fleet = Fleet(4, 2);
        var hot = KeyNotOwnedBy("w3", fleet);
        var tasks = SingleKey(20, 10, hot).Concat(SingleKey(5, 10, "unlisted")).Concat(SingleKey(3, 10, "gone")).ToArray();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal) { [hot] = "w3", ["gone"] = "w9" }; // w9: not in the fleet.

        var result = new FleetSimulator(Setup(SimulationStrategies.None, fleet, tasks) with { KeyOwners = owners }).Run().Result;

        // The hot key on w3 (the ring would not put it there); the others where the ring puts them.
        var expected = new[] { ("w3", 20), (OwnerOf("unlisted", fleet), 5), (OwnerOf("gone", fleet), 3) }
            .GroupBy(pair => pair.Item1).ToDictionary(worker => worker.Key, worker => worker.Sum(pair => pair.Item2));
        Assert.Equal(expected, result.CompletedPerWorker.Where(pair => pair.Value > 0).ToDictionary());
    }

    /// <summary>A task of <paramref name="key"/> that <paramref name="runner"/> took from <paramref name="owner"/>'s own queue.</summary>
    private static ExecutionRecord Taken(string key, string runner, string owner) =>
        Record($"{key}-{runner}", 0, 1, workerId: runner, fromOwnQueue: runner == owner) with { Affinity = key, SourceQueue = $"fleet.w.{owner}.normal" };

    private static void WriteJournal(string benchOut, string run, IEnumerable<ExecutionRecord> records)
    {
        var folder = Directory.CreateDirectory(Path.Combine(benchOut, "journals", run)).FullName;
        File.WriteAllLines(Path.Combine(folder, "w1.jsonl"), records.Select(record => JsonSerializer.Serialize(record, JsonSerializerOptions.Web)));
    }
}
