using System.Globalization;

namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// Critical first across the fleet, not only inside each worker. Affinity puts a key's critical
/// tasks on one worker; when it has more of them than it can hold (ready in its broker queue), they
/// wait behind each other while peers run normal and low tasks, which reactive stealing never
/// fixes because a busy peer never asks. Measured in the demo (3,000 mixed tasks at once, 156
/// critical): critical wait p99 0.37 s. This names, for each such worker, peers with no critical
/// backlog of their own to take some: each takes at most its slots' worth, and runs them first
/// (the local scheduler puts critical tasks ahead of what it holds).
/// </summary>
public static class CriticalAssist
{
    /// <summary>
    /// Migrations of critical tasks from every accepting worker with ready critical tasks to accepting
    /// peers without any: the heaviest backlog first, each helper used once, at most its slots, and
    /// never more in all than the backlog. Empty when no worker has a critical backlog.
    /// </summary>
    /// <param name="fleet">Every worker's load from its last heartbeat.</param>
    public static IReadOnlyList<Migration> Plan(IReadOnlyList<WorkerLoad> fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var backlogs = fleet
            .Where(worker => worker.Accepting && worker.ReadyAt(TaskLevel.Critical) > 0)
            .OrderByDescending(worker => worker.ReadyAt(TaskLevel.Critical))
            .ThenBy(worker => worker.WorkerId, StringComparer.Ordinal)
            .ToList();
        if (backlogs.Count == 0)
        {
            return [];
        }

        var helpers = new Queue<WorkerLoad>(fleet
            .Where(worker => worker.Accepting && worker.ReadyAt(TaskLevel.Critical) == 0)
            .OrderBy(worker => worker.WorkerId, StringComparer.Ordinal));
        var migrations = new List<Migration>();
        foreach (var victim in backlogs)
        {
            var remaining = victim.ReadyAt(TaskLevel.Critical);
            while (remaining > 0 && helpers.TryDequeue(out var helper))
            {
                var count = (int)Math.Min(helper.Slots, remaining);
                remaining -= count;
                migrations.Add(new Migration(helper.WorkerId, victim.WorkerId, TaskLevel.Critical, count, string.Create(CultureInfo.InvariantCulture,
                    $"{victim.WorkerId} has {victim.ReadyAt(TaskLevel.Critical)} critical tasks waiting in its queue and {helper.WorkerId} none; moving up to {count}")));
            }
        }

        return migrations;
    }
}
