using System.Diagnostics.CodeAnalysis;

namespace WorkerFleet.Scheduling;

/// <summary>
/// Chooses which held task a freed slot runs next:
/// critical first, earliest deadline first (no deadline after every deadline), then FIFO;
/// high/normal/low by smooth weighted round robin (deterministic, no level starves), a level whose
/// oldest task waited past the aging threshold weighing AgingBoost more; within a level, tenants
/// by weighted fair queuing. Not thread-safe: the worker calls it under one lock.
/// </summary>
public sealed class LocalScheduler<T>
{
    private static readonly TaskLevel[] WeightedLevels = [TaskLevel.High, TaskLevel.Normal, TaskLevel.Low];

    private readonly PriorityQueue<T, (DateTimeOffset Deadline, long Sequence)> _critical = new();
    private readonly FairShareQueue<T>[] _levels = [new(), new(), new()];
    private readonly double[] _current = new double[3];
    private SchedulerOptions _options;
    private long _sequence;

    public LocalScheduler(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public int Count => _critical.Count + _levels.Sum(level => level.Count);

    public int CountOf(TaskLevel level) => level == TaskLevel.Critical ? _critical.Count : LevelQueue(level).Count;

    /// <summary>Applies new weights and aging at run time; held tasks keep their place.</summary>
    public void UpdateOptions(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public void Enqueue(T item, SchedulingInfo info, DateTimeOffset now)
    {
        var sequence = _sequence++;
        if (info.Level == TaskLevel.Critical)
        {
            _critical.Enqueue(item, (info.Deadline ?? DateTimeOffset.MaxValue, sequence));
            return;
        }

        LevelQueue(info.Level).Enqueue(item, info.Tenant, info.CostMs, _options.TenantWeightOf(info.Tenant), now, sequence);
    }

    public bool TryDequeue(DateTimeOffset now, [MaybeNullWhen(false)] out T item)
    {
        if (_critical.TryDequeue(out item, out _))
        {
            return true;
        }

        var chosen = ChooseLevel(now);
        if (chosen < 0)
        {
            item = default;
            return false;
        }

        item = _levels[chosen].Dequeue();
        return true;
    }

    /// <summary>Empties the scheduler (a draining worker gives these back to the broker).</summary>
    public IReadOnlyList<T> RemoveAll()
    {
        var items = new List<T>(Count);
        while (_critical.TryDequeue(out var item, out _))
        {
            items.Add(item);
        }

        foreach (var level in _levels)
        {
            level.DrainInto(items);
        }

        Array.Clear(_current);
        return items;
    }

    /// <summary>
    /// Smooth weighted round robin (as in nginx): every non-empty level gains its effective weight,
    /// the largest current value wins (ties: the stricter level) and pays back the total. Over any
    /// window each backlogged level gets its weight's share within one pick, and an empty level
    /// accrues nothing, so a level returning from idle cannot burst.
    /// </summary>
    private int ChooseLevel(DateTimeOffset now)
    {
        var total = 0.0;
        var best = -1;
        for (var i = 0; i < WeightedLevels.Length; i++)
        {
            if (_levels[i].Count == 0)
            {
                _current[i] = 0;
                continue;
            }

            var weight = EffectiveWeight(i, now);
            _current[i] += weight;
            total += weight;
            if (best < 0 || _current[i] > _current[best])
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            _current[best] -= total;
        }

        return best;
    }

    private double EffectiveWeight(int index, DateTimeOffset now)
    {
        var weight = _options.WeightOf(WeightedLevels[index]);
        var oldest = _levels[index].OldestArrival();
        return oldest is { } arrived && now - arrived >= _options.AgingThreshold ? weight + _options.AgingBoost : weight;
    }

    private FairShareQueue<T> LevelQueue(TaskLevel level) => _levels[(int)level - 1];
}
