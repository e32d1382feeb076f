using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// The balancer probes every late worker's queues at once; a fleet of a thousand late workers must
/// not cost it a channel per queue (a missing queue's 404 closes its channel, so each such probe
/// opens a new one).
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class QueueProbeTests(BrokerFixture broker)
{
    [Fact]
    public async Task ThousandsOfProbesAtOnce_AnswerEach_OnABoundedSetOfChannels()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var connection = await FleetConnections.ConnectAsync(vhost.Broker, "probe-test", CancellationToken.None);
        await using var probe = new QueueProbe(connection);

        // More probes than a connection has channels (2,047 by default); queues 0-9 exist, with one consumer each.
        await using var setup = await connection.CreateChannelAsync();
        for (var i = 0; i < 10; i++)
        {
            await setup.QueueDeclareAsync($"probe-{i}", durable: false, exclusive: false, autoDelete: false);
            await setup.BasicConsumeAsync($"probe-{i}", autoAck: false, new AsyncEventingBasicConsumer(setup));
        }

        // Unbounded, this ran out of channels (ChannelAllocationException) before the first answer.
        var answers = await Task.WhenAll(Enumerable.Range(0, 3000).Select(i => probe.DeclarePassiveAsync($"probe-{i}", CancellationToken.None)));

        Assert.All(answers.Take(10), answer => Assert.Equal(1u, answer!.ConsumerCount));
        Assert.All(answers.Skip(10), Assert.Null);
        Assert.True(connection.IsOpen);
    }
}
