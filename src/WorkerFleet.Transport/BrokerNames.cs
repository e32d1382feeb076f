using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// Broker names: a public contract (operators, dashboards and scripts rely on them), see
/// docs/protocol.md. Change none of them without a migration.
/// </summary>
public static class BrokerNames
{
    /// <summary>Direct exchange producers publish to; routing key = level.</summary>
    public const string TasksExchange = "fleet.tasks";

    /// <summary>Fanout exchange and durable queue of dead-lettered tasks (reason in headers).</summary>
    public const string Dead = "fleet.dead";

    /// <summary>Consistent-hash exchange of one level; binds the worker queues of that level.</summary>
    public static string LevelExchange(TaskLevel level) => $"fleet.tasks.{level.ToWireName()}";

    /// <summary>Alternate exchange and fallback queue of one level: tasks no worker queue took.</summary>
    public static string Unrouted(TaskLevel level) => $"fleet.unrouted.{level.ToWireName()}";

    public static bool IsFallbackQueue(string queue) => queue.StartsWith("fleet.unrouted.", StringComparison.Ordinal);

    /// <summary>One durable queue per worker per level.</summary>
    public static string WorkerQueue(string workerId, TaskLevel level) => $"fleet.w.{workerId}.{level.ToWireName()}";
}
