using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Messaging;
using WorkerFleet.Messaging.Metrics;
using WorkerFleet.Runtime.Metrics;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

public static class WorkerServiceCollectionExtensions
{
    /// <summary>
    /// A complete worker: options from the "Worker" section (validated at start), the broker from
    /// FLEET_RABBITMQ, the built-in handlers noop and sleep, heartbeats, the engine, and its
    /// metrics (served when Metrics:Port is set).
    /// </summary>
    public static IServiceCollection AddFleetWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WorkerOptions>().Bind(configuration.GetSection(WorkerOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        var broker = FleetConnections.Parse(configuration["FLEET_RABBITMQ"] ?? FleetConnections.DefaultUri, "FLEET_RABBITMQ");
        services.AddSingleton(new BrokerAddress(broker));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WorkerCounters>();
        services.AddSingleton<HandlerRegistry>();
        services.AddSingleton<TaskExecutor>();
        services.AddTaskHandler<NoopHandler>(NoopHandler.Kind);
        services.AddTaskHandler<SleepHandler>(SleepHandler.Kind);
        services.AddSingleton<IExecutionObserver>(sp =>
            sp.GetRequiredService<IOptions<WorkerOptions>>().Value.JournalPath is { Length: > 0 } path
                ? new JournalObserver(path)
                : NullObserver.Instance);
        services.AddFleetMetrics(configuration, sp => new Dictionary<string, string>
        {
            ["worker"] = sp.GetRequiredService<IOptions<WorkerOptions>>().Value.Id,
        });
        services.AddSingleton<IExecutionObserver, TaskMetrics>();

        // The bus starts first and stops last; the engine starts last and stops (drains) first.
        services.AddFleetControlPlane(broker,
            bus =>
            {
                bus.AddConsumer<StealOrderConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<FleetConfigConsumer>().ExcludeFromConfigureEndpoints();
                bus.AddConsumer<PeerDirectory>().ExcludeFromConfigureEndpoints();
                bus.AddRequestClient<StealRequest>();
            },
            (context, rabbit) =>
            {
                // The worker's own control queue lives only as long as the worker: orders to a
                // worker that is gone are dropped, not kept for a successor.
                var id = context.GetRequiredService<IOptions<WorkerOptions>>().Value.Id;
                rabbit.ReceiveEndpoint(ControlEndpoints.Worker(id), endpoint =>
                {
                    endpoint.AutoDelete = true;
                    endpoint.Durable = false;
                    endpoint.Bind(ControlEndpoints.Orders, binding =>
                    {
                        binding.ExchangeType = RabbitMQ.Client.ExchangeType.Direct;
                        binding.RoutingKey = id;
                    });
                    endpoint.ConfigureConsumer<StealOrderConsumer>(context);
                    endpoint.ConfigureConsumer<FleetConfigConsumer>(context);
                    endpoint.ConfigureConsumer<PeerDirectory>(context);

                    // Peers' heartbeats reach this queue only while the engine binds it (WorkerEngine.Peers.cs).
                    endpoint.ConfigureMessageTopology<WorkerHeartbeat>(false);
                });
            });
        services.AddSingleton<IdleSignal>();
        services.AddSingleton<PeerDirectory>();
        services.AddSingleton<WorkerEngine>();
        services.AddHostedService<HeartbeatService>();
        services.AddHostedService<StealRequester>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkerEngine>());
        services.AddHostedService<WorkerStateMetrics>();
        services.AddOptions<HostOptions>().Configure<IOptions<WorkerOptions>>((host, worker) =>
            host.ShutdownTimeout = worker.Value.DrainTimeout + TimeSpan.FromSeconds(30));
        return services;
    }

    /// <summary>Runs tasks of <paramref name="kind"/> with <typeparamref name="THandler"/> (one instance per worker).</summary>
    public static IServiceCollection AddTaskHandler<THandler>(this IServiceCollection services, string kind)
        where THandler : class, ITaskHandler
    {
        services.TryAddSingleton<THandler>();
        services.AddSingleton(new HandlerRegistration(kind, typeof(THandler)));
        return services;
    }
}
