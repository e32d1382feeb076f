using System.Diagnostics;
using System.Text.Json;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>`fleet bench ... --json` as its own process against the test broker: one JSON row per strategy.</summary>
public static class BenchProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs the bench with <paramref name="arguments"/> (--json added); rows by strategy. Killed (by PID) when over its time.</summary>
    public static async Task<Dictionary<string, JsonElement>> RunAsync(BrokerFixture broker, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fleet.dll"), "bench", .. arguments, "--json"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FLEET_RABBITMQ"] = broker.Broker.ToString();
        start.Environment["FLEET_RABBITMQ_MANAGEMENT"] = broker.Management.ToString();
        using var bench = Process.Start(start)!;
        var errors = bench.StandardError.ReadToEndAsync();
        var output = bench.StandardOutput.ReadToEndAsync();
        try
        {
            await bench.WaitForExitAsync().WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            bench.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(bench.ExitCode == 0, $"fleet bench failed: {await errors}");
        return (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone())
            .ToDictionary(row => row.GetProperty("strategy").GetString()!);
    }
}
