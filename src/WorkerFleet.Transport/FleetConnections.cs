using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>Opens the data-plane connection (separate from MassTransit's control-plane one).</summary>
public static class FleetConnections
{
    /// <summary>Default broker when FLEET_RABBITMQ is not set.</summary>
    public const string DefaultUri = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>The broker URI from FLEET_RABBITMQ, else the local default.</summary>
    public static Uri FromEnvironment()
    {
        var text = Environment.GetEnvironmentVariable("FLEET_RABBITMQ");
        return Parse(string.IsNullOrWhiteSpace(text) ? DefaultUri : text, "FLEET_RABBITMQ");
    }

    /// <summary>Parses an amqp(s) URI, naming the setting it came from when it is not one.</summary>
    public static Uri Parse(string text, string settingName)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != "amqp" && uri.Scheme != "amqps"))
        {
            throw new ArgumentException($"{settingName} must be an amqp:// or amqps:// URI, got '{text}'", settingName);
        }

        return uri;
    }

    /// <summary>The vhost an amqp URI names: its unescaped path, "/" when it has none.</summary>
    public static string VirtualHost(Uri broker)
    {
        var path = Uri.UnescapeDataString(broker.AbsolutePath.TrimStart('/'));
        return path.Length == 0 ? "/" : path;
    }

    /// <summary>The same broker and credentials, another vhost.</summary>
    public static Uri WithVirtualHost(Uri broker, string vhost) =>
        new UriBuilder(broker) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri;

    public static Task<IConnection> ConnectAsync(Uri broker, string clientName, CancellationToken ct)
    {
        var factory = new ConnectionFactory
        {
            Uri = broker,
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            RequestedHeartbeat = TimeSpan.FromSeconds(30),
        };
        return factory.CreateConnectionAsync(ct);
    }

    /// <summary>
    /// Most publishes one confirmed channel keeps awaiting their confirm at once. The client's rate
    /// limiter (twice this) throws past its limit and delays a publish by half a second once more than
    /// half of it is in use, so the window is exactly half: <see cref="WorkerFleet.Transport.ConfirmWindow"/> starts a
    /// publish only when fewer than this are unconfirmed.
    /// </summary>
    public const int ConfirmWindow = 500;

    /// <summary>A channel whose publishes complete only when the broker confirmed them.</summary>
    public static Task<IChannel> CreateConfirmedChannelAsync(IConnection connection, CancellationToken ct) =>
        connection.CreateChannelAsync(
            new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(ConfirmWindow * 2)),
            ct);
}
