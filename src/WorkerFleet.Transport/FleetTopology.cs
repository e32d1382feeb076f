using RabbitMQ.Client;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// Declares the fleet's exchanges and queues. Every declaration is idempotent, so whoever starts
/// first (worker, producer SDK, CLI) declares and the others confirm. Arguments are fixed once:
/// the broker refuses a redeclare with different arguments (406), so change them only with new names.
/// </summary>
public static class FleetTopology
{
    private const string ConsistentHash = "x-consistent-hash";

    /// <summary>Exchanges, fallback queues and the dead-letter queue shared by the whole fleet.</summary>
    public static async Task DeclareFleetAsync(IChannel channel, FleetQueueType queueType, CancellationToken ct)
    {
        // An unknown routing key on fleet.tasks still lands somewhere safe: the normal fallback queue.
        await channel.ExchangeDeclareAsync(BrokerNames.TasksExchange, ExchangeType.Direct, durable: true, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["alternate-exchange"] = BrokerNames.Unrouted(TaskLevel.Normal) },
            cancellationToken: ct);
        await DeclareFanoutQueueAsync(channel, BrokerNames.Dead, queueType, ct);

        foreach (var level in TaskLevels.All)
        {
            var unrouted = BrokerNames.Unrouted(level);
            await DeclareFanoutQueueAsync(channel, unrouted, queueType, ct);
            await channel.ExchangeDeclareAsync(BrokerNames.LevelExchange(level), ConsistentHash, durable: true, autoDelete: false,
                arguments: new Dictionary<string, object?>
                {
                    ["hash-header"] = FleetHeaders.Affinity,
                    ["alternate-exchange"] = unrouted,
                },
                cancellationToken: ct);
            await channel.ExchangeBindAsync(BrokerNames.LevelExchange(level), BrokerNames.TasksExchange, level.ToWireName(), cancellationToken: ct);
        }
    }

    /// <summary>Declares one durable queue that competing workers share (the benchmarks' baseline).</summary>
    public static Task DeclareSharedQueueAsync(IChannel channel, string name, FleetQueueType queueType, CancellationToken ct) =>
        DeclareQueueAsync(channel, name, queueType, ct);

    /// <summary>Declares a worker's queues (idempotent) without binding them.</summary>
    public static async Task DeclareWorkerQueuesAsync(IChannel channel, string workerId, FleetQueueType queueType, CancellationToken ct)
    {
        foreach (var level in TaskLevels.All)
        {
            await DeclareQueueAsync(channel, BrokerNames.WorkerQueue(workerId, level), queueType, ct);
        }
    }

    /// <summary>
    /// Binds a worker's queues to the level exchanges. The binding key of a consistent-hash exchange
    /// is the weight: a worker of capacity 2 owns about twice the hash ring of a capacity-1 peer.
    /// </summary>
    public static async Task BindWorkerQueuesAsync(IChannel channel, string workerId, int weight, CancellationToken ct)
    {
        foreach (var level in TaskLevels.All)
        {
            await channel.QueueBindAsync(BrokerNames.WorkerQueue(workerId, level), BrokerNames.LevelExchange(level),
                WeightKey(weight), cancellationToken: ct);
        }
    }

    /// <summary>Stops new tasks reaching the worker; what its queues hold stays there.</summary>
    public static async Task UnbindWorkerQueuesAsync(IChannel channel, string workerId, int weight, CancellationToken ct)
    {
        foreach (var level in TaskLevels.All)
        {
            await channel.QueueUnbindAsync(BrokerNames.WorkerQueue(workerId, level), BrokerNames.LevelExchange(level),
                WeightKey(weight), cancellationToken: ct);
        }
    }

    /// <summary>
    /// Deletes those of the worker's queues that are empty; returns how many remain. Call only for
    /// an unbound queue whose consumers are gone: a queue deleted while a consumer holds unacked
    /// tasks would lose them. Classic queues check that themselves (if-unused, if-empty); quorum
    /// queues refuse both flags (540, which closes the connection), so for them emptiness is read
    /// first with a passive declare, which is safe because nothing routes to an unbound queue.
    /// Each queue gets its own channel: a refused delete closes its channel.
    /// </summary>
    public static async Task<int> DeleteIdleWorkerQueuesAsync(IConnection connection, string workerId, FleetQueueType queueType, CancellationToken ct)
    {
        var remaining = 0;
        foreach (var level in TaskLevels.All)
        {
            var queue = BrokerNames.WorkerQueue(workerId, level);
            await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
            try
            {
                if (queueType == FleetQueueType.Classic)
                {
                    await channel.QueueDeleteAsync(queue, ifUnused: true, ifEmpty: true, cancellationToken: ct);
                }
                else if ((await channel.QueueDeclarePassiveAsync(queue, ct)).MessageCount == 0)
                {
                    await channel.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: ct);
                }
                else
                {
                    remaining++;
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode != 404)
            {
                remaining++;
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // 404: already gone.
            }
        }

        return remaining;
    }

    /// <summary>
    /// A worker's share of the hash ring: its capacity, slots x speed (at least 1). Binding and
    /// unbinding must use the same value: the binding key is part of the binding's identity.
    /// </summary>
    public static int Weight(int slots, double speed) => Math.Max(1, (int)Math.Round(slots * speed));

    private static string WeightKey(int weight) => Math.Max(1, weight).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static async Task DeclareFanoutQueueAsync(IChannel channel, string name, FleetQueueType queueType, CancellationToken ct)
    {
        await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
        await DeclareQueueAsync(channel, name, queueType, ct);
        await channel.QueueBindAsync(name, name, string.Empty, cancellationToken: ct);
    }

    private static async Task DeclareQueueAsync(IChannel channel, string name, FleetQueueType queueType, CancellationToken ct) =>
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = queueType == FleetQueueType.Quorum ? "quorum" : "classic" },
            cancellationToken: ct);
}
