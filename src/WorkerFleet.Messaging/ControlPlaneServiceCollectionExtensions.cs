using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace WorkerFleet.Messaging;

public static class ControlPlaneServiceCollectionExtensions
{
    /// <summary>
    /// The control-plane bus on the fleet's broker. <paramref name="configure"/> adds consumers,
    /// sagas and endpoints of the host. No delayed redelivery or scheduler: the broker here has no
    /// delayed-message plugin (timers use TimeProvider instead).
    /// </summary>
    public static IServiceCollection AddFleetControlPlane(this IServiceCollection services, Uri broker,
        Action<IBusRegistrationConfigurator>? configure = null,
        Action<IBusRegistrationContext, IRabbitMqBusFactoryConfigurator>? configureBus = null)
    {
        services.AddMassTransit(bus =>
        {
            // MassTransit reports usage to its vendor by default; the fleet calls nobody.
            bus.DisableUsageTelemetry();
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(broker.Host, broker.IsDefaultPort ? (ushort)(broker.Scheme == "amqps" ? 5671 : 5672) : (ushort)broker.Port, Transport.FleetConnections.VirtualHost(broker), host =>
                {
                    var (user, password) = Credentials(broker);
                    host.Username(user);
                    host.Password(password);
                    if (broker.Scheme == "amqps")
                    {
                        host.UseSsl(_ => { });
                    }
                });
                configureBus?.Invoke(context, rabbit);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return services;
    }

    private static (string User, string Password) Credentials(Uri broker)
    {
        var parts = broker.UserInfo.Split(':', 2);
        return parts[0].Length == 0
            ? ("guest", "guest")
            : (Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : string.Empty);
    }
}
