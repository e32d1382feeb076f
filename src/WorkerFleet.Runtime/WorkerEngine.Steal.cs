using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    private readonly Lock _leaseGate = new();
    private StealLease? _lease;

    /// <summary>
    /// Carries out a steal: takes up to <paramref name="count"/> ready tasks from the victim's
    /// queues, from <paramref name="fromLevel"/> down to low, and runs them as its own (acked here
    /// after they ran). basic.get takes a task out of the victim's queue: it moves at most once.
    /// </summary>
    public async Task<int> StealAsync(string victimId, TaskLevel fromLevel, int count, CancellationToken ct)
    {
        var (taken, readyBehind) = await TakeAsync(victimId, TaskLevels.All.Where(l => l >= fromLevel), count, ct);
        RememberVictim(new StealLease(victimId, fromLevel, readyBehind, clock.GetUtcNow() + _options.StealLeaseDuration), taken);
        return taken;
    }

    /// <summary>
    /// Takes up to <paramref name="count"/> of the victim's ready critical tasks, and no lower ones:
    /// a busy worker helping a peer whose critical tasks wait (a critical-assist order). Leaves no
    /// lease: going back for more is the balancer's call, from the next heartbeats.
    /// </summary>
    public async Task<int> StealCriticalAsync(string victimId, int count, CancellationToken ct) =>
        (await TakeAsync(victimId, [TaskLevel.Critical], count, ct)).Taken;

    /// <summary>basic.get from the victim's queues of <paramref name="levels"/>, in order; what its last queue still held after.</summary>
    private async Task<(int Taken, long ReadyBehind)> TakeAsync(string victimId, IEnumerable<TaskLevel> levels, int count, CancellationToken ct)
    {
        var taken = 0;
        long readyBehind = 0;
        foreach (var level in levels)
        {
            while (taken < count && !Draining
                && await _reader!.TryGetAsync(BrokerNames.WorkerQueue(victimId, level), level, ct) is { } delivery)
            {
                counters.RecordStolen();
                readyBehind = delivery.ReadyBehind ?? 0;
                await AdmitAsync(delivery);
                taken++;
            }
        }

        return (taken, readyBehind);
    }

    /// <summary>
    /// Steals again from the victim of the last steal while it is known to hold ready tasks
    /// (<see cref="StealPolicy.LeaseCount"/>), without asking the balancer; 0 when there is no such
    /// victim, the lease expired (<see cref="WorkerOptions.StealLeaseDuration"/>) or there is no credit.
    /// </summary>
    public async Task<int> StealFromLeaseAsync(CancellationToken ct)
    {
        StealLease? lease;
        lock (_leaseGate)
        {
            lease = _lease is { } current && current.ExpiresAt > clock.GetUtcNow() ? current : null;
        }

        var count = lease is null ? 0 : StealPolicy.LeaseCount(StealCredit, lease.ReadyBehind);
        return count == 0 ? 0 : await StealAsync(lease!.VictimId, lease.FromLevel, count, ct);
    }

    /// <summary>A steal that left its victim with ready tasks leases it; one that emptied it ends its lease.</summary>
    private void RememberVictim(StealLease candidate, int taken)
    {
        lock (_leaseGate)
        {
            if (taken > 0 && candidate.ReadyBehind > 0)
            {
                _lease = candidate;
            }
            else if (_lease?.VictimId == candidate.VictimId)
            {
                _lease = null;
            }
        }
    }

    /// <summary>The victim a thief may go back to on its own, and what its queue held after the last steal.</summary>
    private sealed record StealLease(string VictimId, TaskLevel FromLevel, long ReadyBehind, DateTimeOffset ExpiresAt);

    private async Task<bool> TryTakeFromFallbackAsync(CancellationToken stop)
    {
        foreach (var level in TaskLevels.All)
        {
            if (await _reader!.TryGetAsync(BrokerNames.Unrouted(level), level, stop) is { } delivery)
            {
                await AdmitAsync(delivery);
                return true;
            }
        }

        return false;
    }
}
