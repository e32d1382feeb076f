using WorkerFleet.Cli.Reports;
using WorkerFleet.Cli.Workloads;
using WorkerFleet.Runtime;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Runs a scenario's workload under one strategy, start to end, on a vhost of its own: starts the
/// balancer (not for shared) and the workers, submits the tasks when due, crashes a worker if the
/// scenario says so, waits until the journals hold every task (or nothing settles for a while),
/// then stops every process and deletes the vhost, whatever happened.
/// </summary>
internal sealed class BenchRun(BrokerVhosts vhosts, TimeProvider clock)
{
    /// <summary>The baseline's one queue, consumed by every worker with prefetch = slots.</summary>
    public const string SharedQueue = "bench.shared";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Once everything is submitted, this long without a task settling ends the wait: the rest are lost.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(20);

    public async Task<BenchObservation> RunAsync(BenchScenario scenario, IReadOnlyList<WorkerSpec> workers, WorkloadFile workload,
        string strategy, string journalDir, CancellationToken ct)
    {
        if (Directory.Exists(journalDir))
        {
            Directory.Delete(journalDir, recursive: true); // A previous bench's journals would count as this run's.
        }

        Directory.CreateDirectory(journalDir);
        return await vhosts.UseAsync($"{scenario.Name}-{strategy}", async broker =>
        {
            await using var processes = new FleetProcesses(broker, journalDir, clock, ct);
            var sharedQueue = strategy == BenchStrategies.Shared ? SharedQueue : null;
            var balancer = sharedQueue is null ? processes.StartBalancerAsync(strategy, ct) : Task.CompletedTask;
            await Task.WhenAll(balancer, processes.StartWorkersAsync(workers, journalDir, sharedQueue, ct));

            await using var connection = await FleetConnections.ConnectAsync(broker, "fleet-bench", ct);
            await using var channel = await FleetConnections.CreateConfirmedChannelAsync(connection, ct);
            if (sharedQueue is not null)
            {
                await FleetTopology.DeclareSharedQueueAsync(channel, sharedQueue, FleetQueueType.Classic, ct);
            }

            var submitter = new BenchSubmitter(channel, sharedQueue, clock);
            var warmUp = BenchWarmUp.For(workload, workers);
            var warmUpLines = LinesFromNow(journalDir);
            var warming = submitter.RunAsync(scenario.Schedule(warmUp, clock.GetUtcNow()), clock.GetTimestamp(), ct);
            await WaitForJournalsAsync($"{scenario.Name} {strategy} warm-up", warmUpLines, journalDir, warmUp, [warming], ct);
            await warming;
            await SettleAsync(processes, $"{scenario.Name} {strategy}", ct);

            var schedule = scenario.Schedule(workload, clock.GetUtcNow());
            var runLines = LinesFromNow(journalDir);
            var start = clock.GetTimestamp();
            var submitting = submitter.RunAsync(schedule, start, ct);
            var replacement = workers[0] with { Id = BenchScenario.WorkerId(workers.Count) };
            var crash = scenario.KillAtMs is { } killAtMs
                ? CrashAsync(processes, workers[0].Id, replacement, killAtMs, start, journalDir, sharedQueue, ct)
                : Task.FromResult<WorkerKill?>(null);
            var records = await WaitForJournalsAsync($"{scenario.Name} {strategy}", runLines, journalDir, workload, [submitting, crash], ct);
            await submitting;
            var kill = await crash;

            foreach (var crashed in processes.ExitedOnTheirOwn())
            {
                await Console.Error.WriteLineAsync($"fleet: {crashed.Name} (pid {crashed.Pid}) exited on its own; its last lines:{Environment.NewLine}{crashed.Tail}");
            }

            return new BenchObservation
            {
                Scenario = scenario.Name,
                Strategy = strategy,
                Workers = workers,
                Joined = kill is null ? [] : [replacement],
                Tasks = workload.Tasks,
                Records = records,
                Kill = kill,
            };
        }, ct);
    }

    private async Task SettleAsync(FleetProcesses processes, string label, CancellationToken ct)
    {
        (TimeSpan Waited, bool Quiet) settled;
        await using (new ProgressTicker(() => $"{label}: waiting for the fleet's processes to go idle", clock))
        {
            settled = await FleetSettle.WaitAsync(processes.ProcessorTime, clock, ct);
        }

        if (!settled.Quiet)
        {
            await Console.Error.WriteLineAsync($"fleet: {label}: the fleet's processes were still busy after {settled.Waited.TotalSeconds:F0} s; running anyway");
        }
    }

    /// <summary>SIGKILLs the victim when due, then starts a worker that takes its place.</summary>
    private async Task<WorkerKill?> CrashAsync(FleetProcesses processes, string victimId, WorkerSpec replacement, long killAtMs, long start,
        string journalDir, string? sharedQueue, CancellationToken ct)
    {
        var dueInMs = killAtMs - clock.GetElapsedTime(start).TotalMilliseconds;
        if (dueInMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(dueInMs), clock, ct);
        }

        var kill = new WorkerKill(victimId, clock.GetUtcNow().ToUnixTimeMilliseconds());
        processes.Kill(FleetProcesses.WorkerName(victimId));
        await processes.StartWorkerAsync(replacement, journalDir, sharedQueue, ct);
        return kill;
    }

    /// <summary>
    /// A counter of the lines appended from now on. Take it before a phase submits anything: a task
    /// can settle before the submitter's first await returns, and a line written before the count
    /// starts would never be counted (a noop run once waited for 15 such lines until its stall timeout).
    /// </summary>
    private static JournalLineCounter LinesFromNow(string journalDir)
    {
        var counter = new JournalLineCounter(journalDir);
        counter.CountNew();
        return counter;
    }

    /// <summary>
    /// Watches the journals until every task of <paramref name="workload"/> is settled, or nothing
    /// settled for <see cref="StallTimeout"/> after <paramref name="feeding"/> ended. Lines are only
    /// counted while the run goes on (<paramref name="counter"/>, taken before the phase began);
    /// records are parsed once there are as many lines as tasks. Records of other tasks (the
    /// warm-up's) are skipped.
    /// </summary>
    private async Task<List<ExecutionRecord>> WaitForJournalsAsync(string label, JournalLineCounter counter, string journalDir, WorkloadFile workload,
        Task[] feeding, CancellationToken ct)
    {
        var reader = new JournalReader(journalDir);
        var records = new List<ExecutionRecord>();
        var ids = workload.Tasks.Select(task => task.Id).ToHashSet(StringComparer.Ordinal);
        var pending = ids.ToHashSet(StringComparer.Ordinal);
        var total = pending.Count;
        long lines = 0;
        var start = clock.GetTimestamp();
        var lastSettled = start;
        await using (new ProgressTicker(() => Describe(label, (int)Math.Min(Interlocked.Read(ref lines), total), total, start), clock))
        {
            while (pending.Count > 0)
            {
                await Task.Delay(PollInterval, clock, ct);
                var added = counter.CountNew();
                if (feeding.FirstOrDefault(task => task.IsFaulted) is { } failed)
                {
                    await failed;
                }

                if (added > 0)
                {
                    Interlocked.Add(ref lines, added);
                    lastSettled = clock.GetTimestamp();
                    if (Interlocked.Read(ref lines) >= total)
                    {
                        foreach (var record in reader.ReadNew().Where(record => ids.Contains(record.TaskId)))
                        {
                            records.Add(record);
                            pending.Remove(record.TaskId);
                        }
                    }
                }
                else if (feeding.All(task => task.IsCompleted) && clock.GetElapsedTime(lastSettled) > StallTimeout)
                {
                    await Console.Error.WriteLineAsync($"fleet: {label}: tasks not settled after {StallTimeout.TotalSeconds:F0} s without progress; counted as lost");
                    break;
                }
            }
        }

        // Journals read after the wait are complete for every settled task; a late duplicate would show here.
        records.AddRange(reader.ReadNew().Where(record => ids.Contains(record.TaskId)));
        return records;
    }

    private string Describe(string label, int settled, int total, long start)
    {
        var seconds = clock.GetElapsedTime(start).TotalSeconds;
        return $"{label}: settled {settled}/{total} in {seconds:F0} s ({(seconds > 0 ? settled / seconds : 0):F0}/s)";
    }
}
