using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Contracts;

namespace WorkerFleet.Cli.Control;

/// <summary>
/// Asks the active balancer for the settings in force, or changes them, over the control bus; the
/// answer is its FleetConfigChanged, which it publishes after each change and every balance
/// interval while it hears workers. Used by `fleet config` and the MCP tools.
/// </summary>
internal sealed class FleetConfigClient : IAsyncDisposable
{
    private readonly ControlBus _bus;
    private readonly FleetConfigWatch _watch;

    private FleetConfigClient(ControlBus bus)
    {
        _bus = bus;
        _watch = bus.GetRequiredService<FleetConfigWatch>();
    }

    public static async Task<FleetConfigClient> StartAsync(Uri broker, CancellationToken ct)
    {
        var queue = ControlBus.RunQueueName("config");
        var bus = await ControlBus.StartAsync(broker, "fleet-config",
            services => services.AddSingleton<FleetConfigWatch>(),
            registration => registration.AddConsumer<FleetConfigCollector>().Endpoint(endpoint =>
            {
                endpoint.Name = queue;
                endpoint.Temporary = true;
            }),
            ct);
        return new FleetConfigClient(bus);
    }

    /// <summary>The balancer's next announcement; null when none came within <paramref name="wait"/>.</summary>
    public Task<FleetConfigChanged?> ShowAsync(TimeSpan wait, TimeProvider clock, CancellationToken ct) =>
        _watch.NextAsync(_ => true, wait, clock, ct);

    /// <summary>Publishes the change; the announcement showing it, or null when none came within <paramref name="wait"/>.</summary>
    public async Task<FleetConfigChanged?> ChangeAsync(ChangeFleetConfig change, TimeSpan wait, TimeProvider clock, CancellationToken ct)
    {
        // Waiting starts before the change leaves, so the answer cannot slip past; an
        // announcement that was already on its way counts only if it shows the change too.
        var confirmed = _watch.NextAsync(config => config.Shows(change), wait, clock, ct);

        // Unanswered, it expires: the change must not wait in the queue to surprise a later balancer.
        await _bus.Bus.Publish(change, context => context.TimeToLive = wait, ct);
        return await confirmed;
    }

    public ValueTask DisposeAsync() => _bus.DisposeAsync();
}
