using System.Collections.Concurrent;
using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Status;

/// <summary>The latest heartbeat of each worker heard, with when this process heard it.</summary>
public sealed class HeartbeatBoard(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (WorkerHeartbeat Heartbeat, long HeardAt)> _latest = new(StringComparer.Ordinal);

    public void Record(WorkerHeartbeat heartbeat)
    {
        var heardAt = clock.GetTimestamp();
        // Deliveries may be reordered; a restarted worker starts its sequence again, so order by send time.
        _latest.AddOrUpdate(heartbeat.WorkerId, (heartbeat, heardAt),
            (_, known) => heartbeat.SentAt >= known.Heartbeat.SentAt ? (heartbeat, heardAt) : known);
    }

    /// <summary>Workers by id, each with the seconds since its latest heartbeat arrived (our clock, not the sender's).</summary>
    public IReadOnlyList<(WorkerHeartbeat Heartbeat, double SecondsAgo)> Snapshot() =>
        [.. _latest.Values
            .OrderBy(entry => entry.Heartbeat.WorkerId, StringComparer.Ordinal)
            .Select(entry => (entry.Heartbeat, clock.GetElapsedTime(entry.HeardAt).TotalSeconds))];
}
