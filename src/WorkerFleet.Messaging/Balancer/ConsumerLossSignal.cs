using WorkerFleet.Scheduling;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Workers whose queue consumers the broker says are gone (<see cref="BrokerLossEvents"/>), for the
/// balancer loop to probe at once rather than after <see cref="BalancerOptions.ProbeAfter"/> of
/// silence: a killed worker's consumers go with its connection, and the broker tells within tens of
/// milliseconds. A worker that unbound its own queues first is stopping gracefully (it then cancels
/// its consumers on purpose, perhaps before its draining heartbeat arrives) and is not raised until
/// its queues are bound again. The probe decides: consumers that moved to a new subscription
/// (a prefetch change) are still there.
/// </summary>
public sealed class ConsumerLossSignal
{
    private const string QueuePrefix = "fleet.w.";
    private readonly Lock _gate = new();
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unbound = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>The worker owning a level queue named <c>fleet.w.&lt;id&gt;.&lt;level&gt;</c>, else null.</summary>
    public static string? WorkerOfQueue(string? queue)
    {
        if (queue is null || !queue.StartsWith(QueuePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var dot = queue.LastIndexOf('.');
        return dot > QueuePrefix.Length && TaskLevels.TryParse(queue[(dot + 1)..], out _) ? queue[QueuePrefix.Length..dot] : null;
    }

    public void ConsumerGone(string workerId)
    {
        lock (_gate)
        {
            if (!_unbound.Contains(workerId) && _raised.Add(workerId))
            {
                _wake.Release();
            }
        }
    }

    public void QueueUnbound(string workerId)
    {
        lock (_gate)
        {
            _unbound.Add(workerId);
        }
    }

    public void QueueBound(string workerId)
    {
        lock (_gate)
        {
            _unbound.Remove(workerId);
        }
    }

    /// <summary>The workers raised since the last call.</summary>
    public IReadOnlySet<string> TakeRaised()
    {
        lock (_gate)
        {
            var raised = new HashSet<string>(_raised, StringComparer.Ordinal);
            _raised.Clear();
            return raised;
        }
    }

    /// <summary>Completes when a worker is raised (possibly one already taken).</summary>
    public Task WaitAsync(CancellationToken ct) => _wake.WaitAsync(ct);
}
