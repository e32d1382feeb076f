using RabbitMQ.Client;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// A channel's acks go out coalesced, a <c>multiple</c> ack for a run of tags where it can: it must
/// settle exactly the deliveries that were acked. Covering one still held (or being requeued) would
/// lose that task; naming a tag the broker no longer holds closes the channel (406) and requeues
/// every delivery it held, running them twice.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class AckCoalescingTests(BrokerFixture broker)
{
    private const string Queue = "settle";

    [Fact]
    public async Task AckingEveryOtherDelivery_LeavesTheOthersHeld_ToBeRequeuedAfterwards()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var held = await HoldAsync(vhost, 100);

        await Task.WhenAll(held.Deliveries.Where((_, i) => i % 2 == 0).Select(delivery => delivery.AckAsync()));
        await Task.WhenAll(held.Deliveries.Where((_, i) => i % 2 == 1).Select(delivery => delivery.RequeueAsync()));

        Assert.Equal(50u, await held.ReadyAfterClosingAsync());
    }

    [Fact]
    public async Task AcksAndRequeues_InAnyOrder_FromManySlots_SettleEachDeliveryOnce()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var held = await HoldAsync(vhost, 400);
        var shuffled = held.Deliveries.Select((delivery, i) => (Delivery: delivery, Requeue: i % 7 == 3)).ToArray();
        new Random(20261126).Shuffle(shuffled);

        await Parallel.ForEachAsync(shuffled, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, _) =>
        {
            await Task.Yield();
            await (item.Requeue ? item.Delivery.RequeueAsync() : item.Delivery.AckAsync());
        });

        Assert.Equal((uint)shuffled.Count(item => item.Requeue), await held.ReadyAfterClosingAsync());
    }

    /// <summary>Publishes <paramref name="count"/> messages and holds them all, delivered and unsettled, on one consumer channel.</summary>
    private static async Task<HeldDeliveries> HoldAsync(TestVhost vhost, int count)
    {
        var connection = await FleetConnections.ConnectAsync(vhost.Broker, "ack-coalescing-test", CancellationToken.None);
        await using (var channel = await connection.CreateChannelAsync())
        {
            await FleetTopology.DeclareSharedQueueAsync(channel, Queue, FleetQueueType.Classic, CancellationToken.None);
            for (var i = 0; i < count; i++)
            {
                await channel.BasicPublishAsync(string.Empty, Queue, new byte[] { 1 });
            }
        }

        var deliveries = new List<TaskDelivery>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var consumer = await WorkerQueueConsumer.StartAsync(connection, [(Queue, TaskLevel.Normal)], checked((ushort)count), delivery =>
        {
            lock (deliveries)
            {
                deliveries.Add(delivery);
                if (deliveries.Count == count)
                {
                    all.SetResult();
                }
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await consumer.CancelAsync(CancellationToken.None);
        return new HeldDeliveries(connection, consumer, deliveries);
    }

    private sealed class HeldDeliveries(IConnection connection, WorkerQueueConsumer consumer, IReadOnlyList<TaskDelivery> deliveries) : IAsyncDisposable
    {
        /// <summary>In delivery order.</summary>
        public IReadOnlyList<TaskDelivery> Deliveries => deliveries;

        /// <summary>
        /// Closes the consumer's channel, which requeues whatever it still held, and counts the queue:
        /// exactly the requeued deliveries when every ack settled its own delivery and nothing else.
        /// The count is read until it holds still: the channel hands requeues to the queue process as
        /// casts, and the queue process answers a passive declare (its prioritised <c>stat</c> call)
        /// ahead of casts still in its mailbox (a loaded run once read 17 of 50). A wrong settlement
        /// leaves a count that stays wrong.
        /// </summary>
        public async Task<uint> ReadyAfterClosingAsync()
        {
            await consumer.CloseAsync(CancellationToken.None);
            await using var channel = await connection.CreateChannelAsync();
            var count = (await channel.QueueDeclarePassiveAsync(Queue)).MessageCount;
            for (var (unchanged, reads) = (0, 0); unchanged < 3 && reads < 50; reads++)
            {
                await Task.Delay(200);
                var next = (await channel.QueueDeclarePassiveAsync(Queue)).MessageCount;
                unchanged = next == count ? unchanged + 1 : 0;
                count = next;
            }

            return count;
        }

        public async ValueTask DisposeAsync()
        {
            await consumer.DisposeAsync();
            await connection.DisposeAsync();
        }
    }
}
