using System.Diagnostics;
using System.Globalization;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// One worker or balancer process the bench started, ready once it printed its ready line (on
/// stdout or stderr: both are read, so neither pipe fills up and blocks it). Its last lines are
/// kept for the message when it fails. Stopped by its PID only.
/// </summary>
internal sealed class FleetProcess : IDisposable
{
    private const int KeptLines = 20;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly StreamWriter _log;
    private readonly TimeProvider _clock;
    private bool _logClosed; // Lines may still arrive after Dispose: the exit wait has a timeout.
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FleetProcess(string name, Process process, StreamWriter log, TimeProvider clock)
    {
        Name = name;
        _process = process;
        _log = log;
        _clock = clock;
    }

    public string Name { get; }

    public int Pid => _process.Id;

    /// <summary>Killed by the bench (as opposed to having exited on its own).</summary>
    public bool Killed { get; private set; }

    public bool HasExited => _process.HasExited;

    /// <summary>CPU time it has used so far; zero once it has exited.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            try
            {
                return _process.HasExited ? TimeSpan.Zero : _process.TotalProcessorTime;
            }
            catch (InvalidOperationException)
            {
                // Exited between the two calls.
                return TimeSpan.Zero;
            }
        }
    }

    public string Tail
    {
        get
        {
            lock (_tail)
            {
                return string.Join(Environment.NewLine, _tail);
            }
        }
    }

    /// <summary>
    /// Starts the process; <see cref="WaitReadyAsync"/> then waits for its ready line. Every line it
    /// writes goes to <paramref name="logPath"/> after the Unix milliseconds it arrived at, the
    /// clock of the journals and of the churn kill, so a run's events can be lined up afterwards.
    /// </summary>
    public static FleetProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string readyLine, string logPath, TimeProvider clock)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (variable, value) in environment)
        {
            start.Environment[variable] = value;
        }

        var process = Process.Start(start) ?? throw new BenchFailedException($"could not start {name} ({fileName})");
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var fleetProcess = new FleetProcess(name, process, log, clock);
        DataReceivedEventHandler onLine = (_, e) => fleetProcess.OnLine(e.Data, readyLine);
        process.OutputDataReceived += onLine;
        process.ErrorDataReceived += onLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return fleetProcess;
    }

    public async Task WaitReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Task.WhenAny(_ready.Task, _process.WaitForExitAsync(CancellationToken.None)).WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            // Reported below, with its last lines.
        }

        if (_ready.Task.IsCompleted)
        {
            return;
        }

        var why = _process.HasExited ? $"exited with code {_process.ExitCode}" : $"was not ready within {timeout.TotalSeconds:F0} s";
        throw new BenchFailedException($"{Name} (pid {Pid}) {why}; its last lines:{Environment.NewLine}{Tail}");
    }

    /// <summary>SIGKILL (what Process.Kill sends on Unix), then waits until it is gone.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                Killed = true;
                // Not the tree: the fleet's processes start no children, and a tree kill reads all
                // of /proc before it signals (a churn victim still finished a task 29 ms after the
                // bench had taken the kill's time).
                _process.Kill();
            }

            _process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private void OnLine(string? line, string readyLine)
    {
        if (line is null)
        {
            return;
        }

        if (line.Contains(readyLine, StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }

        lock (_tail)
        {
            if (!_logClosed)
            {
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_clock.GetUtcNow().ToUnixTimeMilliseconds()} {line}"));
            }


            _tail.Enqueue(line);
            if (_tail.Count > KeptLines)
            {
                _tail.Dequeue();
            }
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        lock (_tail)
        {
            _logClosed = true;
            _log.Dispose();
        }
    }
}
