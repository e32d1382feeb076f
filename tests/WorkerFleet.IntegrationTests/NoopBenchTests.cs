using System.Text.Json;
using WorkerFleet.IntegrationTests.Infrastructure;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// `fleet bench --scenario noop` on a small workload file: the fleet's throughput and the two
/// ceilings it is divided by, each loop measured in the same invocation on its own vhost.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class NoopBenchTests(BrokerFixture broker) : IDisposable
{
    private const int TaskCount = 3_000;
    private readonly string _workload = Path.Combine(Path.GetTempPath(), $"noop-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task Noop_ReportsThroughputAgainstTheRawLoop_AndAgainstTheSameLoopThroughTheFleetsRoute()
    {
        var tasks = Enumerable.Range(0, TaskCount).Select(i => new { id = $"noop-{i}", duration_ms = 0, key = $"noop-{i}", level = "normal" });
        await File.WriteAllTextAsync(_workload, JsonSerializer.Serialize(new { tasks }));

        var none = (await BenchProcess.RunAsync(broker, "--scenario", "noop", "--workload", _workload, "--strategy", "none"))["none"];

        Assert.Equal(TaskCount, none.GetProperty("completed").GetInt32());
        Assert.Equal(0, none.GetProperty("lost").GetInt32());
        Assert.Equal(0, none.GetProperty("duplicates").GetInt32());
        var throughput = none.GetProperty("throughput_per_s").GetDouble();
        var raw = none.GetProperty("raw_throughput_per_s").GetDouble();
        var route = none.GetProperty("route_ceiling_per_s").GetDouble();
        Assert.True(raw > 0 && route > 0, $"raw {raw}/s, route {route}/s");
        Assert.Equal(throughput / raw, none.GetProperty("ratio_to_raw").GetDouble(), 0.001);
        Assert.Equal(throughput / route, none.GetProperty("ratio_to_route").GetDouble(), 0.001);
    }

    public void Dispose() => File.Delete(_workload);
}
