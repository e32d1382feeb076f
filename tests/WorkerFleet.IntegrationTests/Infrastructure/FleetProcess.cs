using System.Diagnostics;
using System.Globalization;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>
/// A fleet host (worker or balancer) in its own OS process, built next to the tests; ready once it
/// logged its ready line. Signalled and stopped by PID only.
/// </summary>
public sealed class FleetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FleetProcess(Process process) => _process = process;

    public int ExitCode => _process.ExitCode;

    /// <summary>The OS process id, for reading its state under /proc.</summary>
    public int Id => _process.Id;

    public static async Task<FleetProcess> StartAsync(string assembly, IReadOnlyDictionary<string, string> environment, string readyLine)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, assembly)])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {assembly}");
        var fleetProcess = new FleetProcess(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains(readyLine, StringComparison.Ordinal) == true)
            {
                fleetProcess._ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await fleetProcess._ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return fleetProcess;
    }

    /// <summary>SIGTERM: the graceful stop a container orchestrator sends.</summary>
    public Task TerminateAsync() => SignalAsync("-TERM");

    /// <summary>SIGKILL: a crash; nothing is cleaned up.</summary>
    public async Task KillAsync()
    {
        await SignalAsync("-KILL");
        await _process.WaitForExitAsync();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }
}
