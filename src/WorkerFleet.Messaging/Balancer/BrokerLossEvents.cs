using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using WorkerFleet.Transport;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Listens to the broker's event exchange (<c>amq.rabbitmq.event</c>, plugin rabbitmq_event_exchange)
/// for the fleet's worker queues: a consumer gone raises its worker (<see cref="ConsumerLossSignal"/>),
/// a binding deleted or created marks it stopping or back. Measured on this machine's broker: the
/// events of a SIGKILLed worker's four queues came 27-32 ms after the kill, where silence takes
/// 1.25 heartbeat intervals and more under load. Optional: without the plugin, access to
/// <see cref="BalancerOptions.EventsVhost"/>, or with it empty, the balancer goes by silence alone.
/// </summary>
public sealed partial class BrokerLossEvents(
    BalancerBroker broker,
    IOptions<BalancerOptions> options,
    ConsumerLossSignal signal,
    ILogger<BrokerLossEvents> logger) : BackgroundService
{
    private const string EventExchange = "amq.rabbitmq.event";
    private readonly string _fleetVhost = FleetConnections.VirtualHost(broker.Uri);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var eventsVhost = options.Value.EventsVhost;
        if (string.IsNullOrEmpty(eventsVhost))
        {
            return;
        }

        IConnection? connection = null;
        try
        {
            connection = await FleetConnections.ConnectAsync(FleetConnections.WithVirtualHost(broker.Uri, eventsVhost), "fleet-balancer-events", stoppingToken);
            var channel = await connection.CreateChannelAsync(cancellationToken: stoppingToken);
            var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: stoppingToken)).QueueName;
            foreach (var key in new[] { "consumer.deleted", "binding.deleted", "binding.created" })
            {
                await channel.QueueBindAsync(queue, EventExchange, key, cancellationToken: stoppingToken);
            }

            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                OnEvent(delivery.RoutingKey, delivery.BasicProperties.Headers);
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue, autoAck: true, consumer, stoppingToken);
            LogListening(eventsVhost);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
        catch (Exception ex)
        {
            LogUnavailable(eventsVhost, ex.Message);
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private void OnEvent(string routingKey, IDictionary<string, object?>? headers)
    {
        if (headers is null || Text(headers, "vhost") != _fleetVhost)
        {
            return;
        }

        switch (routingKey)
        {
            case "consumer.deleted" when ConsumerLossSignal.WorkerOfQueue(Text(headers, "queue")) is { } workerId:
                signal.ConsumerGone(workerId);
                break;
            case "binding.deleted" when ConsumerLossSignal.WorkerOfQueue(Text(headers, "destination_name")) is { } workerId:
                signal.QueueUnbound(workerId);
                break;
            case "binding.created" when ConsumerLossSignal.WorkerOfQueue(Text(headers, "destination_name")) is { } workerId:
                signal.QueueBound(workerId);
                break;
        }
    }

    private static string? Text(IDictionary<string, object?> headers, string key) =>
        headers.TryGetValue(key, out var value) && value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : null;

    [LoggerMessage(EventId = 2210, Level = LogLevel.Information, Message = "Listening to the broker's consumer events (vhost {Vhost}): a killed worker is probed at once")]
    private partial void LogListening(string vhost);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Information, Message = "Broker events unavailable in vhost {Vhost} ({Reason}); lost workers are found by silence alone. Enable the rabbitmq_event_exchange plugin, or set Balancer__EventsVhost empty to silence this")]
    private partial void LogUnavailable(string vhost, string reason);
}
