using System.Globalization;
using System.Reflection;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Starts the worker and balancer processes of one bench run and stops every one of them, by PID:
/// when disposed, when the command is cancelled (Ctrl-C: at once, before the command line's 2 s
/// termination timeout can end this process first) and when this process exits.
/// </summary>
internal sealed class FleetProcesses : IAsyncDisposable
{
    /// <summary>4x the default heartbeat rate: lost workers and idle thieves are noticed 4x sooner in these short runs.</summary>
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromMilliseconds(250);

    private static readonly TimeSpan BalanceInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Generous: four .NET hosts starting at once on two cores take several seconds.</summary>
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly List<FleetProcess> _started = [];
    private readonly Uri _broker;
    private readonly string _logDir;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenRegistration _onCancel;

    /// <summary>Each process's output goes to a file in <c>logDir</c> (the run's journal folder).</summary>
    public FleetProcesses(Uri broker, string logDir, TimeProvider clock, CancellationToken ct)
    {
        _broker = broker;
        _logDir = logDir;
        _clock = clock;
        _onCancel = ct.Register(KillAll);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>Starts the workers at once and waits until each consumes.</summary>
    public Task StartWorkersAsync(IEnumerable<WorkerSpec> workers, string journalDir, string? sharedQueue, CancellationToken ct) =>
        Task.WhenAll(workers.Select(worker => StartWorkerAsync(worker, journalDir, sharedQueue, ct)));

    public Task StartWorkerAsync(WorkerSpec worker, string journalDir, string? sharedQueue, CancellationToken ct)
    {
        var (fileName, prefix) = FleetCli();
        string[] arguments =
        [
            .. prefix, "worker", "--id", worker.Id, "--slots", worker.Slots.ToString(CultureInfo.InvariantCulture),
            "--speed", worker.Speed.ToString(CultureInfo.InvariantCulture),
            "--ring-weight", worker.EffectiveRingWeight.ToString(CultureInfo.InvariantCulture),
            "--journal", Path.Combine(journalDir, $"{worker.Id}.jsonl"),
        ];
        var environment = new Dictionary<string, string>
        {
            ["FLEET_RABBITMQ"] = _broker.ToString(),
            ["Worker__HeartbeatInterval"] = HeartbeatInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (sharedQueue is not null)
        {
            environment["Worker__SharedQueue"] = sharedQueue;
        }

        return StartAsync(WorkerName(worker.Id), fileName, arguments, environment, "consuming with", ct);
    }

    /// <summary>CPU time the started processes still running have used so far.</summary>
    public TimeSpan ProcessorTime()
    {
        lock (_started)
        {
            return _started.Aggregate(TimeSpan.Zero, (sum, process) => sum + process.ProcessorTime);
        }
    }

    public Task StartBalancerAsync(string strategy, CancellationToken ct)
    {
        var (fileName, prefix) = FleetCli();
        string[] arguments =
        [
            .. prefix, "balancer", "--strategy", strategy,
            "--heartbeat-interval-ms", Milliseconds(HeartbeatInterval), "--balance-interval-ms", Milliseconds(BalanceInterval),
        ];
        var environment = new Dictionary<string, string>
        {
            ["FLEET_RABBITMQ"] = _broker.ToString(),
            ["Logging__LogLevel__Default"] = "Warning",
            // Its lifecycle transitions and plans, for the log under --out (a few lines per second).
            ["Logging__LogLevel__WorkerFleet.Messaging.Balancer"] = "Information",
        };
        return StartAsync("balancer", fileName, arguments, environment, "Balancer running", ct);
    }

    /// <summary>SIGKILLs one process by name (the churn scenario's crash).</summary>
    public void Kill(string name)
    {
        lock (_started)
        {
            _started.Single(process => process.Name == name).Kill();
        }
    }

    /// <summary>Processes that ended without the bench killing them (a crash worth reporting).</summary>
    public IReadOnlyList<FleetProcess> ExitedOnTheirOwn()
    {
        lock (_started)
        {
            return [.. _started.Where(process => process.HasExited && !process.Killed)];
        }
    }

    public static string WorkerName(string workerId) => $"worker {workerId}";

    private static string Milliseconds(TimeSpan interval) => ((int)interval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private async Task StartAsync(string name, string fileName, IEnumerable<string> arguments, Dictionary<string, string> environment,
        string readyLine, CancellationToken ct)
    {
        var logPath = Path.Combine(_logDir, $"{name.Replace(' ', '-')}.log");
        var process = FleetProcess.Start(name, fileName, arguments, environment, readyLine, logPath, _clock);
        lock (_started)
        {
            _started.Add(process);
        }

        await process.WaitReadyAsync(ReadyTimeout, ct);
    }

    /// <summary>
    /// This command as a process to start: <c>dotnet fleet.dll</c> when run through dotnet
    /// (scripts/fleet), else the apphost itself.
    /// </summary>
    private static (string FileName, string[] Prefix) FleetCli()
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var assembly = Assembly.GetEntryAssembly()?.Location;
        return Path.GetFileNameWithoutExtension(host) == "dotnet" && !string.IsNullOrEmpty(assembly) ? (host, [assembly]) : (host, []);
    }

    private void KillAll()
    {
        lock (_started)
        {
            foreach (var process in _started)
            {
                process.Kill();
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => KillAll();

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await _onCancel.DisposeAsync();
        lock (_started)
        {
            foreach (var process in _started)
            {
                process.Dispose();
            }

            _started.Clear();
        }
    }
}
