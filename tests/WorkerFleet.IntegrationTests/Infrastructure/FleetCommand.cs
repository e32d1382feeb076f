using System.Diagnostics;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>A `fleet` command as its own process (fleet.dll built next to the tests) against a broker; killed by PID when over its time.</summary>
public static class FleetCommand
{
    /// <summary>Runs <c>fleet ARGS</c> with FLEET_RABBITMQ (and the management API when given); its stdout once it exited 0.</summary>
    public static async Task<string> RunAsync(Uri broker, Uri? management, TimeSpan timeout, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "fleet.dll"), .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FLEET_RABBITMQ"] = broker.ToString();
        if (management is not null)
        {
            start.Environment["FLEET_RABBITMQ_MANAGEMENT"] = management.ToString();
        }

        using var fleet = Process.Start(start)!;
        var errors = fleet.StandardError.ReadToEndAsync();
        var output = fleet.StandardOutput.ReadToEndAsync();
        try
        {
            await fleet.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            fleet.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(fleet.ExitCode == 0, $"fleet {string.Join(' ', arguments)} exited {fleet.ExitCode}: {await errors}");
        return await output;
    }
}
