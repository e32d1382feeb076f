using System.Diagnostics.CodeAnalysis;

namespace WorkerFleet.Scheduling;

/// <summary>
/// Chooses which held task a worker runs next when an executor slot frees.
/// </summary>
/// <remarks>
/// <para>Critical tasks always run first, earliest deadline first (no deadline after every
/// deadline), ties in arrival order; tenants do not apply to them.</para>
/// <para>High, normal and low share the rest by smooth weighted round robin (nginx): at each pick
/// every non-empty level adds its effective weight to its credit, the largest credit wins (ties go
/// to the stricter level) and the winner gives back the sum of the weights that were added. An
/// empty level neither earns nor loses credit, and keeps what it had for when it returns. A level
/// whose oldest task has waited at least <see cref="SchedulerOptions.AgingThreshold"/> picks with
/// its weight plus <see cref="SchedulerOptions.AgingBoost"/>.</para>
/// <para>Within a level, tenants share by weighted fair queuing (see <c>LevelQueue</c>); within a
/// tenant, tasks run in arrival order.</para>
/// <para>Enqueue and dequeue are O(log n). Time is only what the caller passes as <c>now</c>,
/// assumed non-decreasing. Not thread-safe: the worker serialises every call under one lock.</para>
/// </remarks>
/// <typeparam name="T">What the worker holds per task (a delivery, a task, a test tag).</typeparam>
public sealed class LocalScheduler<T>
{
    // Weights as integer micro-units: sums are exact, so picks are deterministic and ties are
    // real ties (0.1 + 0.2 in doubles is not 0.3).
    private const double WeightScale = 1_000_000;

    private readonly PriorityQueue<T, CriticalKey> _critical = new();
    private readonly LevelQueue<T>[] _levels = [new(), new(), new()];
    private readonly long[] _baseWeights = new long[3];
    private long _agingBoost;
    private long _sequence;

    public LocalScheduler(SchedulerOptions? options = null)
    {
        Options = options ?? new SchedulerOptions();
        UpdateOptions(Options);
    }

    public SchedulerOptions Options { get; private set; }

    /// <summary>Tasks held, all levels.</summary>
    public int Count => _critical.Count + _levels[0].Count + _levels[1].Count + _levels[2].Count;

    public int CountOf(TaskLevel level) => level == TaskLevel.Critical ? _critical.Count : Level(level).Count;

    /// <summary>
    /// Replaces the options at run time. Queued tasks stay; level weights apply from the next pick,
    /// tenant weights to tasks enqueued from now on.
    /// </summary>
    /// <exception cref="ArgumentException">The options are invalid (the message names each setting).</exception>
    public void UpdateOptions(SchedulerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        Options = options;
        _baseWeights[0] = ToMicro(options.HighWeight);
        _baseWeights[1] = ToMicro(options.NormalWeight);
        _baseWeights[2] = ToMicro(options.LowWeight);
        _agingBoost = (long)Math.Round(options.AgingBoost * WeightScale);
    }

    public void Enqueue(T item, SchedulingInfo info, DateTimeOffset now)
    {
        var sequence = _sequence++;
        if (info.Level == TaskLevel.Critical)
        {
            _critical.Enqueue(item, new CriticalKey(info.Deadline, sequence));
            return;
        }

        var cost = info.CostMs ?? 1.0;
        if (!double.IsFinite(cost) || cost < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(info), cost, "CostMs must be a finite number >= 0");
        }

        Level(info.Level).Enqueue(item, info.Tenant, Options.TenantWeight(info.Tenant), cost, sequence, now);
    }

    public bool TryDequeue(DateTimeOffset now, [MaybeNullWhen(false)] out T item)
    {
        if (_critical.TryDequeue(out item, out _))
        {
            return true;
        }

        var winner = PickLevel(now);
        if (winner is null)
        {
            item = default;
            return false;
        }

        item = winner.Dequeue();
        return true;
    }

    /// <summary>
    /// Empties the scheduler and returns every task it held (critical in deadline order, then high,
    /// normal and low, each in arrival order), e.g. to hand them back to the broker on shutdown.
    /// </summary>
    public IReadOnlyList<T> RemoveAll()
    {
        var all = new List<T>(Count);
        while (_critical.TryDequeue(out var item, out _))
        {
            all.Add(item);
        }

        var held = new List<(long Sequence, T Item)>();
        foreach (var level in _levels)
        {
            held.Clear();
            level.DrainTo(held);
            level.Credit = 0;
            held.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            all.AddRange(held.Select(entry => entry.Item));
        }

        return all;
    }

    private LevelQueue<T>? PickLevel(DateTimeOffset now)
    {
        Span<long> weights = stackalloc long[3];
        long total = 0;
        for (var i = 0; i < _levels.Length; i++)
        {
            var oldest = _levels[i].OldestEnqueuedAt();
            if (oldest is null)
            {
                continue;
            }

            weights[i] = _baseWeights[i] + (now - oldest.Value >= Options.AgingThreshold ? _agingBoost : 0);
            total += weights[i];
        }

        LevelQueue<T>? winner = null;
        for (var i = 0; i < _levels.Length; i++)
        {
            var level = _levels[i];
            if (weights[i] == 0)
            {
                // Empty (a non-empty level weighs at least one micro-unit): it earns no credit.
                continue;
            }

            level.Credit += weights[i];

            // Strictly greater: on a tie the stricter level, visited first, keeps the pick.
            if (winner is null || level.Credit > winner.Credit)
            {
                winner = level;
            }
        }

        if (winner is not null)
        {
            winner.Credit -= total;
        }

        return winner;
    }

    private LevelQueue<T> Level(TaskLevel level) => level switch
    {
        TaskLevel.High => _levels[0],
        TaskLevel.Normal => _levels[1],
        TaskLevel.Low => _levels[2],
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not a non-critical level"),
    };

    private static long ToMicro(double weight) => Math.Max(1, (long)Math.Round(weight * WeightScale));

    /// <summary>EDF order: tasks with a deadline by deadline, then those without; ties by arrival.</summary>
    private readonly record struct CriticalKey(DateTimeOffset? Deadline, long Sequence) : IComparable<CriticalKey>
    {
        public int CompareTo(CriticalKey other)
        {
            var byDeadline = (Deadline, other.Deadline) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                var (mine, theirs) => mine.Value.CompareTo(theirs.Value),
            };
            return byDeadline != 0 ? byDeadline : Sequence.CompareTo(other.Sequence);
        }
    }
}
