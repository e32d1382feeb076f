using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;

namespace WorkerFleet.Runtime;

/// <summary>
/// The peers this worker has heard heartbeats from: what it needs to steal when no balancer
/// answers (power of two choices), and to know when its own queues may be deleted as it stops
/// (<see cref="WorkerFleet.Messaging.QueueRelease"/>). It hears them only while the engine binds
/// its control queue to them (<see cref="WorkerEngine.HearPeersAsync"/>): a fleet whose every
/// worker heard every heartbeat cost the broker N² deliveries per interval and an idle worker
/// 11-13% of a core at 1,000 peers (docs/architecture.md, "No balancer").
/// </summary>
public sealed class PeerDirectory(IOptions<WorkerOptions> options, TimeProvider clock) : IConsumer<WorkerHeartbeat>
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Seen, WorkerHeartbeat Beat)> _peers = new(StringComparer.Ordinal);

    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        var beat = context.Message;
        if (beat.WorkerId != options.Value.Id)
        {
            _peers[beat.WorkerId] = (clock.GetUtcNow(), beat);
        }

        return Task.CompletedTask;
    }

    /// <summary>Up to two distinct active peers heard within the last three heartbeat intervals, chosen at random.</summary>
    public IReadOnlyList<string> TwoRandomPeers()
    {
        var peers = Fresh().Where(beat => beat.State == WorkerStates.Active).Select(beat => beat.WorkerId).ToArray();
        Random.Shared.Shuffle(peers);
        return peers.Take(2).ToList();
    }

    /// <summary>The latest heartbeat of every peer heard within the last three heartbeat intervals.</summary>
    public IReadOnlyList<WorkerHeartbeat> Fresh()
    {
        var since = clock.GetUtcNow() - (3 * options.Value.HeartbeatInterval);
        return _peers.Values.Where(peer => peer.Seen >= since).Select(peer => peer.Beat).ToList();
    }
}
