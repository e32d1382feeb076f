namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// Workers with ready tasks ordered by expected drain, so a steal request finds the heaviest few
/// in O(log n) instead of scanning the fleet. The balancer's picture sets a worker's drain whenever
/// its view of that worker changes (a heartbeat, a grant).
/// </summary>
internal sealed class VictimIndex(int workers)
{
    private readonly SortedSet<(double DrainMs, int Worker)> _byDrain = [];
    private readonly double?[] _drainMs = new double?[workers];

    /// <summary>Sets a worker's drain, or takes it out of the index (null: nothing ready).</summary>
    public void Set(int worker, double? drainMs)
    {
        if (_drainMs[worker] is { } old)
        {
            _byDrain.Remove((old, worker));
        }

        _drainMs[worker] = drainMs;
        if (drainMs is { } drain)
        {
            _byDrain.Add((drain, worker));
        }
    }

    /// <summary>Up to <paramref name="count"/> workers with the longest drain, heaviest first, other than <paramref name="thief"/>.</summary>
    public List<int> Heaviest(int count, int thief)
    {
        var found = new List<int>(count);
        foreach (var (_, worker) in _byDrain.Reverse())
        {
            if (found.Count == count)
            {
                break;
            }

            if (worker != thief)
            {
                found.Add(worker);
            }
        }

        return found;
    }
}
