using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    /// <summary>
    /// Carries out a steal: takes up to <paramref name="count"/> ready tasks from the victim's
    /// queues, from <paramref name="fromLevel"/> down to low, and runs them as its own (acked here
    /// after they ran). basic.get takes a task out of the victim's queue: it moves at most once.
    /// </summary>
    public async Task<int> StealAsync(string victimId, TaskLevel fromLevel, int count, CancellationToken ct)
    {
        var taken = 0;
        foreach (var level in TaskLevels.All.Where(l => l >= fromLevel))
        {
            while (taken < count && !Draining
                && await _reader!.TryGetAsync(BrokerNames.WorkerQueue(victimId, level), level, ct) is { } delivery)
            {
                counters.RecordStolen();
                await AdmitAsync(delivery);
                taken++;
            }
        }

        return taken;
    }

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
