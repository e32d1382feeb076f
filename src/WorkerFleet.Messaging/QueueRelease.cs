using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Messaging;

/// <summary>
/// When a departed worker's empty, unbound queues may be deleted. A classic queue's delete
/// if-empty counts ready tasks only: deleted while a peer holds a task it took from it (basic.get,
/// not yet acked), the task is lost if the peer requeues it or dies, and the peer's ack fails.
/// Peers report what they hold in every heartbeat (<see cref="WorkerHeartbeat.HoldingFrom"/>).
/// From the first check that finds the queues empty nothing more can be taken from them, so once
/// every peer known then has beaten twice more (the first may have left before that check) without
/// holding any of them, or is gone or restarted (its channels closed, so what it held is ready
/// again and the delete's if-empty refuses), nothing taken from them is unsettled.
/// </summary>
public sealed class QueueRelease(IReadOnlyCollection<string> queues)
{
    private Dictionary<string, long>? _sequenceWhenEmpty;

    /// <summary>For the level queues of <paramref name="workerId"/>.</summary>
    public static QueueRelease ForWorker(string workerId) =>
        new(TaskLevels.All.Select(level => BrokerNames.WorkerQueue(workerId, level)).ToList());

    /// <summary>The queues held ready tasks again: start over at the next empty check.</summary>
    public void Reset() => _sequenceWhenEmpty = null;

    /// <summary>
    /// Called with the queues empty, and the latest heartbeat of each live peer (the departed
    /// worker and lost workers left out): whether deleting them can no longer lose a task.
    /// </summary>
    public bool Settled(IReadOnlyCollection<WorkerHeartbeat> peers)
    {
        if (_sequenceWhenEmpty is null)
        {
            _sequenceWhenEmpty = peers.ToDictionary(peer => peer.WorkerId, peer => peer.Sequence, StringComparer.Ordinal);
            return _sequenceWhenEmpty.Count == 0;
        }

        var latest = peers.ToDictionary(peer => peer.WorkerId, StringComparer.Ordinal);
        return _sequenceWhenEmpty.All(known => !latest.TryGetValue(known.Key, out var beat)
            || beat.Sequence < known.Value
            || (beat.Sequence >= known.Value + 2 && !beat.HoldingFrom.Any(queues.Contains)));
    }
}
