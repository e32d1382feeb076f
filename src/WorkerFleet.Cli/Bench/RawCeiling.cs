using System.Globalization;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// The noop scenario's ceilings: what RabbitMQ.Client alone achieves on this broker with the
/// fleet's durability. One publisher (persistent messages, confirms, the SDK's confirm window) and
/// one consumer (manual ack per message) on their own connections, one durable classic queue;
/// throughput = messages / (first publish to last ack). Measured warm, as the fleet is: an
/// unmeasured first pass compiles the loop's code paths.
/// </summary>
internal static class RawCeiling
{
    public const int BodyBytes = 200;

    /// <summary>
    /// Generous credit, so the consumer never waits for the broker: this is the best a bare
    /// consumer does, not a setting the fleet could use (its workers hold only 2 x slots per level).
    /// </summary>
    private const ushort Prefetch = 500;

    private const string Queue = "bench.raw";

    /// <summary>
    /// Messages per second for the run's <paramref name="tasks"/> (one message each), on the (empty)
    /// vhost at <paramref name="broker"/>, published the way <paramref name="route"/> says. On the
    /// fleet's route the queue is bound with <paramref name="ringWeight"/>, the fleet's whole ring:
    /// the consistent-hash exchange hashes only when its ring has more than one point (it seeds an
    /// exs1024 generator per message, ~5 µs, then ~0.8 µs per jump), so a ring of 1 left that out.
    /// </summary>
    public static async Task<double> MeasureAsync(Uri broker, IReadOnlyList<FleetTask> tasks, RawRoute route, int ringWeight, TimeProvider clock, CancellationToken ct)
    {
        await using var consumerConnection = await FleetConnections.ConnectAsync(broker, "fleet-bench-raw-consumer", ct);
        await using var consumerChannel = await consumerConnection.CreateChannelAsync(cancellationToken: ct);
        await FleetTopology.DeclareSharedQueueAsync(consumerChannel, Queue, FleetQueueType.Classic, ct);
        if (route == RawRoute.FleetRoute)
        {
            // The queue takes the whole hash ring of every level, as a lone worker's queues do.
            await FleetTopology.DeclareFleetAsync(consumerChannel, FleetQueueType.Classic, ct);
            var weight = ringWeight.ToString(CultureInfo.InvariantCulture);
            foreach (var level in TaskLevels.All)
            {
                await consumerChannel.QueueBindAsync(Queue, BrokerNames.LevelExchange(level), weight, cancellationToken: ct);
            }
        }

        await consumerChannel.BasicQosAsync(0, Prefetch, global: false, ct);

        var acked = 0;
        var expected = 0;
        var allAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
            if (Interlocked.Increment(ref acked) == Volatile.Read(ref expected))
            {
                Volatile.Read(ref allAcked).TrySetResult();
            }
        };
        await consumerChannel.BasicConsumeAsync(Queue, autoAck: false, consumer, ct);

        await using var publisherConnection = await FleetConnections.ConnectAsync(broker, "fleet-bench-raw-publisher", ct);
        await using var publisher = await FleetConnections.CreateConfirmedChannelAsync(publisherConnection, ct);
        var body = new byte[BodyBytes];
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = "application/octet-stream" };
        Func<FleetTask, ValueTask> publish = route == RawRoute.FleetRoute
            ? task => TaskMessage.PublishAsync(publisher, task, clock.GetUtcNow(), ct)
            : _ => publisher.BasicPublishAsync(string.Empty, Queue, mandatory: true, properties, body, ct);
        var label = route == RawRoute.FleetRoute ? "route ceiling" : "raw ceiling";
        var measuring = false;
        await using (new ProgressTicker(() => $"{label}{(Volatile.Read(ref measuring) ? string.Empty : " warm-up")}: acked {Volatile.Read(ref acked)}/{Volatile.Read(ref expected)}", clock))
        {
            await PassAsync(Math.Max(1, tasks.Count / 10));
            Volatile.Write(ref measuring, true);
            var start = clock.GetTimestamp();
            await PassAsync(tasks.Count);
            return tasks.Count / clock.GetElapsedTime(start).TotalSeconds;
        }

        // Publishes the first n tasks' messages and waits until the consumer acked them all.
        async Task PassAsync(int n)
        {
            Volatile.Write(ref acked, 0);
            Volatile.Write(ref allAcked, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            Volatile.Write(ref expected, n);
            var window = new ConfirmWindow(FleetConnections.ConfirmWindow);
            for (var i = 0; i < n; i++)
            {
                var task = tasks[i];
                await window.AddAsync(() => publish(task));
            }

            await window.DrainAsync();
            await allAcked.Task.WaitAsync(ct);
        }
    }
}
