using System.Text.Json;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>`fleet bench ... --json` as its own process against the test broker: one JSON row per strategy.</summary>
public static class BenchProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs the bench with <paramref name="arguments"/> (--json added); rows by strategy.</summary>
    public static async Task<Dictionary<string, JsonElement>> RunAsync(BrokerFixture broker, params string[] arguments)
    {
        var output = await FleetCommand.RunAsync(broker.Broker, broker.Management, Timeout, ["bench", .. arguments, "--json"]);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToDictionary(row => row.GetProperty("strategy").GetString()!);
    }
}
