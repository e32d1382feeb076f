using System.Diagnostics;
using System.Text.Json;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>
/// A worker in its own OS process (the built WorkerFleet.Worker host), writing a journal: for tests
/// that signal or kill a worker. Stopped by PID only.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _consuming = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, string journal)
    {
        _process = process;
        Journal = journal;
    }

    public string Journal { get; }

    public int ExitCode => _process.ExitCode;

    public static async Task<WorkerProcess> StartAsync(Uri broker, string id, int slots, string journalDir)
    {
        var journal = Path.Combine(journalDir, $"{id}.jsonl");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "WorkerFleet.Worker.dll")])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FLEET_RABBITMQ"] = broker.ToString();
        start.Environment["Worker__Id"] = id;
        start.Environment["Worker__Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Worker__JournalPath"] = journal;
        start.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a worker process");
        var worker = new WorkerProcess(process, journal);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("consuming with", StringComparison.Ordinal) == true)
            {
                worker._consuming.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await worker._consuming.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>SIGTERM: the graceful stop a container orchestrator sends.</summary>
    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync();
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    /// <summary>Task ids and outcomes the worker journaled so far (a half-written last line is skipped).</summary>
    public IReadOnlyList<(string TaskId, string Outcome)> ReadJournal()
    {
        if (!File.Exists(Journal))
        {
            return [];
        }

        var entries = new List<(string, string)>();
        using var stream = new FileStream(Journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                using var json = JsonDocument.Parse(line);
                entries.Add((json.RootElement.GetProperty("taskId").GetString()!, json.RootElement.GetProperty("outcome").GetString()!));
            }
            catch (JsonException)
            {
                // The line being written right now.
            }
        }

        return entries;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
