using RabbitMQ.Client;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Transport;

/// <summary>
/// fleet.dead for operators: read what is there without taking it, and replay tasks back through
/// fleet.tasks once their cause is fixed (a handler deployed, a breaker closed). Messages are
/// fetched with basic.get and held unacked while a pass looks at them; closing the pass's channel
/// puts back whatever it did not replay, in place. A replay publishes (confirmed) before it acks, as
/// every move of a task does: a crash in between can duplicate the task, never lose it.
/// </summary>
public sealed class DeadLetterQueue(IConnection connection)
{
    /// <summary>Counts replays: a task that dies again shows how often it was given another chance.</summary>
    public const string ReplayedHeader = "x-fleet-replayed";

    private static readonly string[] DeathHeaders =
        [FleetHeaders.Reason, FleetHeaders.ReasonDetail, FleetHeaders.Worker, FleetHeaders.SourceQueue, FleetHeaders.Attempts];

    /// <summary>Up to <paramref name="max"/> dead letters, oldest first; all stay in the queue (none when it does not exist).</summary>
    public async Task<IReadOnlyList<DeadLetter>> PeekAsync(int max, CancellationToken ct)
    {
        var seen = new List<DeadLetter>();
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var present = await CountAsync(channel, ct);
        while (seen.Count < Math.Min(max, present) && await channel.BasicGetAsync(BrokerNames.Dead, autoAck: false, ct) is { } message)
        {
            seen.Add(Describe(message));
        }

        await CloseAsync(channel, ct);
        return seen;
    }

    /// <summary>
    /// Replays the dead letters <paramref name="matches"/> accepts, up to <paramref name="max"/>, to
    /// fleet.tasks under their level, without the death headers and with <see cref="ReplayedHeader"/>
    /// counted up. <paramref name="progress"/> hears the count replayed so far. Returns that count.
    /// Only the messages there at the start are looked at: a replayed task that dies again at once
    /// joins the queue's tail, and must not be replayed round and round in one pass.
    /// </summary>
    public async Task<int> ReplayAsync(Func<DeadLetter, bool> matches, int max, IProgress<int>? progress, CancellationToken ct)
    {
        var replayed = 0;
        await using var reading = await connection.CreateChannelAsync(cancellationToken: ct);
        await using var publishing = await FleetConnections.CreateConfirmedChannelAsync(connection, ct);
        var present = await CountAsync(reading, ct);
        for (var examined = 0L; examined < present && replayed < max; examined++)
        {
            if (await reading.BasicGetAsync(BrokerNames.Dead, autoAck: false, ct) is not { } message)
            {
                break;
            }

            var letter = Describe(message);
            if (!matches(letter))
            {
                continue; // Held until the channel closes, so this pass does not see it again.
            }

            var properties = new BasicProperties(message.BasicProperties) { Headers = ReplayHeaders(message.BasicProperties, letter) };
            var level = letter.Level ?? TaskLevel.Normal.ToWireName();
            await publishing.BasicPublishAsync(BrokerNames.TasksExchange, level, mandatory: false, properties, message.Body, ct);
            await reading.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            progress?.Report(++replayed);
        }

        await CloseAsync(reading, ct);
        return replayed;
    }

    /// <summary>Messages in fleet.dead; 0 when it does not exist yet (the 404 closed the channel).</summary>
    private static async Task<long> CountAsync(IChannel channel, CancellationToken ct)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(BrokerNames.Dead, ct)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    /// <summary>Closing puts back every message the channel still holds, in place.</summary>
    private static async Task CloseAsync(IChannel channel, CancellationToken ct)
    {
        if (channel.IsOpen)
        {
            await channel.CloseAsync(ct);
        }
    }

    private static Dictionary<string, object?> ReplayHeaders(IReadOnlyBasicProperties properties, DeadLetter letter)
    {
        var headers = new Dictionary<string, object?>(properties.Headers ?? new Dictionary<string, object?>());
        foreach (var name in DeathHeaders)
        {
            headers.Remove(name);
        }

        headers[ReplayedHeader] = letter.Replayed + 1;
        return headers;
    }

    private static DeadLetter Describe(BasicGetResult message)
    {
        var properties = message.BasicProperties;
        var parsed = TaskParser.Parse(message.Body.Span, int.MaxValue);
        return new DeadLetter
        {
            TaskId = properties.MessageId ?? parsed.Task?.Id,
            Reason = HeaderValues.GetString(properties, FleetHeaders.Reason),
            Detail = HeaderValues.GetString(properties, FleetHeaders.ReasonDetail),
            Worker = HeaderValues.GetString(properties, FleetHeaders.Worker),
            SourceQueue = HeaderValues.GetString(properties, FleetHeaders.SourceQueue),
            Attempts = HeaderValues.GetInt64(properties, FleetHeaders.Attempts),
            Kind = parsed.Task?.Kind,
            Level = parsed.Task?.Level.ToWireName(),
            Replayed = HeaderValues.GetInt64(properties, ReplayedHeader) ?? 0,
        };
    }
}
