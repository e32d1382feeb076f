using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Control;

/// <summary>
/// The balancer's announcements of the settings in force (FleetConfigChanged) as this process
/// hears them: the latest one, and waits for the next one that satisfies a condition.
/// </summary>
public sealed class FleetConfigWatch
{
    private readonly Lock _gate = new();
    private readonly List<(Func<FleetConfigChanged, bool> Match, TaskCompletionSource<FleetConfigChanged> Heard)> _waiters = [];
    private FleetConfigChanged? _latest;

    /// <summary>The most recent announcement heard (by its time), or null when none was.</summary>
    public FleetConfigChanged? Latest
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    public void Record(FleetConfigChanged config)
    {
        List<TaskCompletionSource<FleetConfigChanged>> heard = [];
        lock (_gate)
        {
            // Deliveries may be reordered: an older announcement does not replace a newer one.
            if (_latest is null || config.ChangedAt >= _latest.ChangedAt)
            {
                _latest = config;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(config))
                {
                    heard.Add(_waiters[i].Heard);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in heard)
        {
            waiter.TrySetResult(config);
        }
    }

    /// <summary>
    /// The first announcement heard from now on that satisfies <paramref name="match"/>, or null
    /// when none arrives within <paramref name="timeout"/>.
    /// </summary>
    public async Task<FleetConfigChanged?> NextAsync(Func<FleetConfigChanged, bool> match, TimeSpan timeout, TimeProvider clock,
        CancellationToken ct)
    {
        var heard = new TaskCompletionSource<FleetConfigChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiter = (match, heard);
        lock (_gate)
        {
            _waiters.Add(waiter);
        }

        try
        {
            return await heard.Task.WaitAsync(timeout, clock, ct);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }
        }
    }
}
