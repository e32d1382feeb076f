namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The workers with queued tasks, ordered by expected drain, so a thief finds the heaviest few in
/// O(log n) instead of scanning the fleet. Each worker's key is refreshed whenever its queue or
/// its busy slots change.
/// </summary>
internal sealed class VictimIndex(double defaultServiceMs)
{
    private readonly SortedSet<(double DrainMs, int Worker)> _byDrain = [];

    public int Count => _byDrain.Count;

    public void Update(SimulatedWorker worker)
    {
        if (worker.VictimKey is { } old)
        {
            _byDrain.Remove((old, worker.Index));
            worker.VictimKey = null;
        }

        if (worker.QueuedTotal > 0)
        {
            // WorkerLoad.ExpectedDrainMs of worker.ToLoad(), without building the record at every
            // start and completion: (ready + busy) x service time / slots.
            var serviceMs = worker.MeanServiceMs ?? (defaultServiceMs / worker.Spec.Speed);
            var drainMs = (worker.QueuedTotal + worker.Busy) * serviceMs / worker.Spec.Slots;
            _byDrain.Add((drainMs, worker.Index));
            worker.VictimKey = drainMs;
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
