using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Messaging.Metrics;
using WorkerFleet.Transport;

namespace WorkerFleet.Messaging.Balancer;

public static class BalancerServiceCollectionExtensions
{
    /// <summary>
    /// A balancer: settings from the "Balancer" section (validated at start), the broker from
    /// FLEET_RABBITMQ. Its input queue is single-active-consumer: run two for high availability;
    /// the standby takes over when the active one's connection drops and rebuilds its picture
    /// from the next heartbeats.
    /// </summary>
    public static IServiceCollection AddFleetBalancer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BalancerOptions>().Bind(configuration.GetSection(BalancerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BalancerOptions>, BalancerOptionsValidator>();
        var broker = FleetConnections.Parse(configuration["FLEET_RABBITMQ"] ?? FleetConnections.DefaultUri, "FLEET_RABBITMQ");
        services.AddSingleton(new BalancerBroker(broker));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FleetPicture>();
        services.AddFleetMetrics(configuration, _ => new Dictionary<string, string>());
        services.AddSingleton<BalancerMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<BalancerMetrics>());
        services.AddSingleton<BalancingSettings>();
        services.AddSingleton<ILostWorkerQueues, LostWorkerQueues>();
        services.AddSingleton<LifecycleActions>();
        services.AddSingleton<Scheduling.Balancing.AdmissionControl>();
        services.AddFleetControlPlane(broker,
            bus =>
            {
                bus.AddSagaStateMachine<WorkerLifecycleStateMachine, WorkerLifecycle>().InMemoryRepository().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<StealRequestConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<ChangeFleetConfigConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<AdmissionConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<FleetConfigFollower>().ExcludeFromConfigureEndpoints();
            },
            (context, rabbit) =>
            {
                rabbit.ReceiveEndpoint(ControlEndpoints.Balancer, endpoint =>
                {
                    endpoint.SingleActiveConsumer = true;
                    endpoint.PrefetchCount = 64;
                    endpoint.ConfigureSaga<WorkerLifecycle>(context);
                    endpoint.ConfigureConsumer<StealRequestConsumer>(context);
                    endpoint.ConfigureConsumer<ChangeFleetConfigConsumer>(context);
                    endpoint.ConfigureConsumer<AdmissionConsumer>(context);
                });

                // Every balancer, active or standby, follows the announced settings on a queue of its own.
                rabbit.ReceiveEndpoint($"{ControlEndpoints.Balancer}.{NewId.NextGuid():N}", endpoint =>
                {
                    endpoint.AutoDelete = true;
                    endpoint.Durable = false;
                    endpoint.ConfigureConsumer<FleetConfigFollower>(context);
                });
            });
        services.AddSingleton<ConsumerLossSignal>();
        services.AddHostedService<BrokerLossEvents>();
        services.AddHostedService<BalancerLoop>();
        return services;
    }
}
