using System.Diagnostics.CodeAnalysis;
using WorkerFleet.Cli.Bench;
using WorkerFleet.Cli.Reports;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// Which worker owned each affinity key in one real bench run, read from its journals
/// (<c>fleet bench --out DIR</c> writes them to DIR/journals/&lt;scenario&gt;-&lt;strategy&gt;/), so the
/// simulator can run the partition that run had instead of its own hash ring. A task taken from a
/// worker's own queue (<see cref="BrokerNames.WorkerQueue"/>) was routed there by the broker's hash,
/// and a stolen task still names its owner's queue: every such record tells its key's owner.
/// </summary>
/// <remarks>
/// <para>Each run has a vhost, so a ring, of its own: two runs disagree on owners, and a mix of them
/// would be a partition no run had. So the owners come from one run: &lt;scenario&gt;-none (all its
/// tasks come from their owners' queues), else the first other run in ordinal order that took tasks
/// from own queues (the shared run took none).</para>
/// <para>Within a run a key has one owner; should its records disagree, the owner whose queue gave
/// most of its tasks wins (ties: ordinal). Warm-up tasks and tasks without a key are not read.</para>
/// </remarks>
/// <param name="Run">The run folder the owners were read from.</param>
/// <param name="Owners">Affinity key to the id of the worker that owned it.</param>
public sealed record KeyOwners(string Run, IReadOnlyDictionary<string, string> Owners)
{
    // BrokerNames.WorkerQueue: fleet.w.<workerId>.<level>.
    private const string OwnQueuePrefix = "fleet.w.";

    /// <summary>
    /// Reads the owners of <paramref name="scenario"/>'s keys from one run under
    /// <paramref name="benchOutDir"/>; false with <paramref name="error"/> (no journals folder, no run of
    /// the scenario that took tasks from own queues) instead of <paramref name="owners"/>.
    /// </summary>
    public static bool TryRead(string benchOutDir, string scenario,
        [NotNullWhen(true)] out KeyOwners? owners, [NotNullWhen(false)] out string? error)
    {
        owners = null;
        var journals = Path.Combine(benchOutDir, "journals");
        if (!Directory.Exists(journals))
        {
            error = $"{benchOutDir} has no journals/ folder (not a fleet bench --out folder)";
            return false;
        }

        var prefix = scenario + "-";
        var preferred = prefix + BenchStrategies.None;
        var runs = Directory.EnumerateDirectories(journals)
            .Where(dir => Path.GetFileName(dir).StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(dir => Path.GetFileName(dir) == preferred ? 0 : 1)
            .ThenBy(dir => dir, StringComparer.Ordinal);
        foreach (var run in runs)
        {
            if (Read(run) is { Count: > 0 } read)
            {
                owners = new KeyOwners(run, read);
                error = null;
                return true;
            }
        }

        error = $"no run of {scenario} under {journals} took tasks from the workers' own queues "
            + $"(looked for {prefix}<strategy>/ folders of none, steal or adaptive runs)";
        return false;
    }

    private static Dictionary<string, string> Read(string runDir) =>
        new JournalReader(runDir).ReadNew()
            .Where(record => !string.IsNullOrEmpty(record.Affinity) && !record.TaskId.StartsWith(BenchWarmUp.IdPrefix, StringComparison.Ordinal))
            .Select(record => (Key: record.Affinity!, Owner: OwnerOf(record.SourceQueue)))
            .Where(taken => taken.Owner is not null)
            .GroupBy(taken => taken.Key, StringComparer.Ordinal)
            .ToDictionary(
                key => key.Key,
                key => key.GroupBy(taken => taken.Owner!, StringComparer.Ordinal)
                    .OrderByDescending(owner => owner.Count()).ThenBy(owner => owner.Key, StringComparer.Ordinal).First().Key,
                StringComparer.Ordinal);

    /// <summary>The worker whose own queue <paramref name="queue"/> is (null: the shared or a fallback queue).</summary>
    private static string? OwnerOf(string queue)
    {
        var dot = queue.LastIndexOf('.');
        if (!queue.StartsWith(OwnQueuePrefix, StringComparison.Ordinal) || dot <= OwnQueuePrefix.Length)
        {
            return null;
        }

        var workerId = queue[OwnQueuePrefix.Length..dot];
        return TaskLevels.TryParse(queue[(dot + 1)..], out var level) && BrokerNames.WorkerQueue(workerId, level) == queue ? workerId : null;
    }
}
