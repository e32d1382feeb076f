namespace WorkerFleet.Scheduling;

/// <summary>
/// One level's tasks, shared among tenants by weighted fair queuing (start-time fair queuing):
/// a task's finish tag = max(level virtual time, tenant's last finish) + cost / tenant weight; the
/// smallest finish tag runs next. A tenant flooding the level only pushes its own tags ahead, so a
/// newcomer's task runs within a bounded number of picks. The level's virtual time follows the
/// start tag of the task served, so a tenant that was idle neither bursts nor is penalised.
/// </summary>
internal sealed class FairShareQueue<T>
{
    /// <summary>Cost of a task without an estimate; the fair share then counts tasks.</summary>
    private const double UnitCost = 1.0;

    private readonly Dictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);
    private readonly PriorityQueue<Tenant, (double Finish, long Sequence)> _heads = new();
    private readonly Queue<Entry> _arrivals = new();
    private double _virtualTime;

    public int Count { get; private set; }

    public void Enqueue(T item, string? tenantName, double? costMs, double tenantWeight, DateTimeOffset now, long sequence)
    {
        var key = tenantName ?? string.Empty;
        if (!_tenants.TryGetValue(key, out var tenant))
        {
            tenant = new Tenant(key);
            _tenants[key] = tenant;
        }

        var cost = costMs is > 0 ? costMs.Value : UnitCost;
        var start = Math.Max(_virtualTime, tenant.LastFinish);
        var entry = new Entry(item, start, start + (cost / tenantWeight), now, sequence);
        tenant.LastFinish = entry.Finish;
        tenant.Tasks.Enqueue(entry);
        _arrivals.Enqueue(entry);
        if (tenant.Tasks.Count == 1)
        {
            _heads.Enqueue(tenant, (entry.Finish, entry.Sequence));
        }

        Count++;
    }

    /// <summary>When the longest-waiting task of this level arrived (null if empty).</summary>
    public DateTimeOffset? OldestArrival()
    {
        // Arrival order with lazy deletion: served entries are dropped when they reach the front.
        while (_arrivals.TryPeek(out var oldest) && oldest.Served)
        {
            _arrivals.Dequeue();
        }

        return _arrivals.TryPeek(out var head) ? head.EnqueuedAt : null;
    }

    public T Dequeue()
    {
        var tenant = _heads.Dequeue();
        var entry = tenant.Tasks.Dequeue();
        entry.Served = true;
        _virtualTime = Math.Max(_virtualTime, entry.Start);
        if (tenant.Tasks.TryPeek(out var next))
        {
            _heads.Enqueue(tenant, (next.Finish, next.Sequence));
        }
        else if (tenant.LastFinish <= _virtualTime)
        {
            // Idle and owed nothing: forgetting it keeps the table as small as the active tenants.
            _tenants.Remove(tenant.Key);
        }

        Count--;
        return entry.Item;
    }

    public void DrainInto(List<T> items)
    {
        while (Count > 0)
        {
            items.Add(Dequeue());
        }
    }

    private sealed class Tenant(string key)
    {
        public string Key { get; } = key;

        public Queue<Entry> Tasks { get; } = new();

        public double LastFinish { get; set; }
    }

    private sealed class Entry(T item, double start, double finish, DateTimeOffset enqueuedAt, long sequence)
    {
        public T Item { get; } = item;

        public double Start { get; } = start;

        public double Finish { get; } = finish;

        public DateTimeOffset EnqueuedAt { get; } = enqueuedAt;

        public long Sequence { get; } = sequence;

        public bool Served { get; set; }
    }
}
