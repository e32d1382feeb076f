using System.Collections.Concurrent;
using MassTransit;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;

namespace WorkerFleet.Runtime;

/// <summary>
/// The peers this worker has heard heartbeats from: what it needs to steal when no balancer
/// answers (power of two choices). Every worker hears every heartbeat, N messages per interval
/// per worker: cheap for the fleets one broker serves, and only read when the balancer is gone.
/// </summary>
public sealed class PeerDirectory(IOptions<WorkerOptions> options, TimeProvider clock) : IConsumer<WorkerHeartbeat>
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        var beat = context.Message;
        if (beat.WorkerId != options.Value.Id && beat.State == WorkerStates.Active)
        {
            _lastSeen[beat.WorkerId] = clock.GetUtcNow();
        }
        else
        {
            _lastSeen.TryRemove(beat.WorkerId, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>Up to two distinct peers heard within the last three heartbeat intervals, chosen at random.</summary>
    public IReadOnlyList<string> TwoRandomPeers()
    {
        var fresh = clock.GetUtcNow() - (3 * options.Value.HeartbeatInterval);
        var peers = _lastSeen.Where(p => p.Value >= fresh).Select(p => p.Key).ToArray();
        Random.Shared.Shuffle(peers);
        return peers.Take(2).ToList();
    }
}
