namespace WorkerFleet.Scheduling;

/// <summary>
/// The tasks of one non-critical level, shared among tenants by weighted fair queuing on virtual
/// time (start-time fair queuing tags, served by smallest finish tag). Not thread-safe.
/// </summary>
/// <remarks>
/// Tags: a task arriving for tenant t gets start = max(V, t.lastFinish) and
/// finish = start + cost / weight(t); t.lastFinish = finish. The tenant whose head has the smallest
/// finish (then the smallest sequence number) runs next, and V becomes that task's start. A tenant
/// returning from idle therefore starts at V: no credit saved up while away, no penalty either.
/// V is kept monotone (a later pick can carry an earlier start tag when weights differ), so a
/// newcomer never starts behind the present.
/// </remarks>
internal sealed class LevelQueue<T>
{
    /// <summary>
    /// Floor of a task's cost in the fair share, so that a zero cost still advances its tenant's
    /// virtual time: without it a tenant could send free tasks ahead of everyone indefinitely.
    /// </summary>
    internal const double MinCost = 0.001;

    private const int MinPruneThreshold = 64;

    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Tenant, (double Finish, long Sequence)> _heads = new();

    // Arrival order, for the age of the oldest waiting task. Tasks leave in fair-share order, not
    // arrival order, so a departure that is not at the front is remembered and skipped later
    // (lazy deletion): amortised O(1) per task.
    private readonly Queue<(long Sequence, DateTimeOffset EnqueuedAt)> _arrivals = new();
    private readonly HashSet<long> _departed = [];

    private Tenant? _defaultTenant;
    private double _virtualTime;
    private int _pruneThreshold = MinPruneThreshold;

    public int Count { get; private set; }

    /// <summary>Tenants whose tags are remembered (queued or recently served); bounded, see <see cref="PruneIdleTenants"/>.</summary>
    public int TrackedTenants => _tenants.Count + (_defaultTenant is null ? 0 : 1);

    /// <summary>Smooth weighted round robin credit of this level (in weight micro-units).</summary>
    public long Credit { get; set; }

    public void Enqueue(T item, string? tenantName, double tenantWeight, double cost, long sequence, DateTimeOffset now)
    {
        var tenant = GetOrAddTenant(tenantName);
        var start = Math.Max(_virtualTime, tenant.LastFinish);
        var finish = start + (Math.Max(cost, MinCost) / tenantWeight);
        tenant.LastFinish = finish;
        tenant.Items.Enqueue(new Entry(item, start, finish, sequence));
        if (tenant.Items.Count == 1)
        {
            _heads.Enqueue(tenant, (finish, sequence));
        }

        _arrivals.Enqueue((sequence, now));
        Count++;
    }

    public T Dequeue()
    {
        if (!_heads.TryDequeue(out var tenant, out _))
        {
            throw new InvalidOperationException("the level is empty");
        }

        var entry = tenant.Items.Dequeue();
        if (tenant.Items.TryPeek(out var next))
        {
            _heads.Enqueue(tenant, (next.Finish, next.Sequence));
        }

        _virtualTime = Math.Max(_virtualTime, entry.Start);
        Count--;
        MarkDeparted(entry.Sequence);

        if (Count == 0)
        {
            // End of a busy period: every tenant's lastFinish is a tag already served, so the state
            // of all of them is equivalent to none; forget it (bounded memory, no float drift).
            Reset();
        }
        else if (_tenants.Count > _pruneThreshold)
        {
            PruneIdleTenants();
        }

        return entry.Item;
    }

    /// <summary>When the oldest task still waiting here arrived; null when the level is empty.</summary>
    public DateTimeOffset? OldestEnqueuedAt()
    {
        while (_arrivals.TryPeek(out var oldest))
        {
            if (!_departed.Remove(oldest.Sequence))
            {
                return oldest.EnqueuedAt;
            }

            _arrivals.Dequeue();
        }

        return null;
    }

    /// <summary>Moves every waiting task, with its sequence number, into <paramref name="into"/> and empties the level.</summary>
    public void DrainTo(List<(long Sequence, T Item)> into)
    {
        foreach (var tenant in _tenants.Values.Append(_defaultTenant))
        {
            if (tenant is null)
            {
                continue;
            }

            foreach (var entry in tenant.Items)
            {
                into.Add((entry.Sequence, entry.Item));
            }
        }

        _heads.Clear();
        _arrivals.Clear();
        _departed.Clear();
        Count = 0;
        Reset();
    }

    private Tenant GetOrAddTenant(string? name)
    {
        if (name is null)
        {
            return _defaultTenant ??= new Tenant();
        }

        if (!_tenants.TryGetValue(name, out var tenant))
        {
            tenant = new Tenant();
            _tenants.Add(name, tenant);
        }

        return tenant;
    }

    private void MarkDeparted(long sequence)
    {
        if (_arrivals.TryPeek(out var oldest) && oldest.Sequence == sequence)
        {
            _arrivals.Dequeue();
        }
        else
        {
            _departed.Add(sequence);
        }
    }

    private void Reset()
    {
        _tenants.Clear();
        _defaultTenant = null;
        _virtualTime = 0;
        _pruneThreshold = MinPruneThreshold;
    }

    // Many short-lived tenant names must not grow the dictionary forever. An idle tenant whose
    // lastFinish is <= V would start at V anyway, so dropping it changes no tag. Sweeping only when
    // the dictionary has doubled keeps this amortised O(1) per dequeue.
    private void PruneIdleTenants()
    {
        var idle = new List<string>();
        foreach (var (name, tenant) in _tenants)
        {
            if (tenant.Items.Count == 0 && tenant.LastFinish <= _virtualTime)
            {
                idle.Add(name);
            }
        }

        foreach (var name in idle)
        {
            _tenants.Remove(name);
        }

        _pruneThreshold = Math.Max(MinPruneThreshold, 2 * _tenants.Count);
    }

    private readonly record struct Entry(T Item, double Start, double Finish, long Sequence);

    private sealed class Tenant
    {
        public Queue<Entry> Items { get; } = new();

        public double LastFinish { get; set; }
    }
}
