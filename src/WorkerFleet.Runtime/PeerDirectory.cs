using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;

namespace WorkerFleet.Runtime;

/// <summary>
/// The peers this worker has heard heartbeats from: what it needs to steal when no balancer
/// answers (power of two choices), and to know when its own queues may be deleted as it stops
/// (<see cref="WorkerFleet.Messaging.QueueRelease"/>). It hears them only while the engine binds
/// its control queue to them: a sample while no balancer answers
/// (<see cref="WorkerEngine.HearPeerSampleAsync"/>), every heartbeat while it stops. A fleet whose
/// every worker heard every heartbeat cost the broker N² deliveries per interval and an idle
/// worker 11-13% of a core at 1,000 peers (docs/architecture.md, "No balancer").
/// </summary>
public sealed class PeerDirectory(IOptions<WorkerOptions> options, TimeProvider clock) : IConsumer<WorkerHeartbeat>
{
    /// <summary>
    /// How many heartbeat intervals a peer stays a steal candidate after it was heard: a sample
    /// brings each worker about one heartbeat per interval, so three intervals would often leave
    /// fewer than two peers to choose from. A peer gone meanwhile is harmless to probe.
    /// </summary>
    private const int CandidateIntervals = 10;

    private readonly ConcurrentDictionary<string, (DateTimeOffset Seen, WorkerHeartbeat Beat)> _peers = new(StringComparer.Ordinal);
    private long _heard;

    /// <summary>Heartbeats delivered to this worker, its own included (what hearing costs it).</summary>
    public long HeartbeatsHeard => Interlocked.Read(ref _heard);

    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        Interlocked.Increment(ref _heard);
        var beat = context.Message;
        if (beat.WorkerId != options.Value.Id)
        {
            _peers[beat.WorkerId] = (clock.GetUtcNow(), beat);
        }

        return Task.CompletedTask;
    }

    /// <summary>Up to two distinct active peers heard within the last ten heartbeat intervals, chosen at random.</summary>
    public IReadOnlyList<string> TwoRandomPeers()
    {
        var peers = HeardWithin(CandidateIntervals).Where(beat => beat.State == WorkerStates.Active).Select(beat => beat.WorkerId).ToArray();
        Random.Shared.Shuffle(peers);
        return peers.Take(2).ToList();
    }

    /// <summary>The latest heartbeat of every peer heard within the last three heartbeat intervals.</summary>
    public IReadOnlyList<WorkerHeartbeat> Fresh() => HeardWithin(3);

    private List<WorkerHeartbeat> HeardWithin(int intervals)
    {
        var since = clock.GetUtcNow() - (intervals * options.Value.HeartbeatInterval);
        return _peers.Values.Where(peer => peer.Seen >= since).Select(peer => peer.Beat).ToList();
    }
}
