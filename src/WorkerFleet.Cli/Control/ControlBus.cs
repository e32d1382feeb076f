using System.Security.Cryptography;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WorkerFleet.Messaging;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Control;

/// <summary>
/// A short-lived control-plane bus for a command that listens to or asks the fleet (status, config,
/// admit): started with a time limit, stopped and disposed at the end of the command.
/// </summary>
internal sealed class ControlBus : IAsyncDisposable
{
    /// <summary>Longest the bus may take to connect and bind its queues.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly ServiceProvider _provider;
    private readonly IBusControl _bus;

    private ControlBus(ServiceProvider provider)
    {
        _provider = provider;
        _bus = provider.GetRequiredService<IBusControl>();
    }

    public IBus Bus => _bus;

    /// <summary>
    /// A queue name of this run only. With <c>Temporary</c> the queue is deleted when the bus stops:
    /// concurrent commands each hear every event, and none leaves a queue filling up behind it.
    /// </summary>
    public static string RunQueueName(string command) => $"fleet-{command}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <param name="broker">The fleet's broker (FLEET_RABBITMQ).</param>
    /// <param name="clientName">Names the probe connection in the broker's management UI.</param>
    /// <param name="services">Adds what the consumers need (boards, watches).</param>
    /// <param name="configure">Adds the command's consumers.</param>
    /// <param name="ct">Cancels the start.</param>
    public static async Task<ControlBus> StartAsync(Uri broker, string clientName, Action<IServiceCollection> services,
        Action<IBusRegistrationConfigurator> configure, CancellationToken ct)
    {
        await ProbeAsync(broker, clientName, ct);
        var collection = new ServiceCollection();
        collection.AddLogging(logging => logging.AddFleetConsole(LogLevel.Warning));
        services(collection);
        collection.AddFleetControlPlane(broker, configure);
        var bus = new ControlBus(collection.BuildServiceProvider());
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(ct);
        starting.CancelAfter(StartTimeout);
        try
        {
            await bus._bus.StartAsync(starting.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await bus._provider.DisposeAsync();
            throw new TimeoutException($"the control-plane bus did not start within {StartTimeout.TotalSeconds} s");
        }
        catch
        {
            await bus._provider.DisposeAsync();
            throw;
        }

        return bus;
    }

    /// <summary>Connecting first fails fast, with a clear message, when the broker is down; the bus would retry.</summary>
    private static async Task ProbeAsync(Uri broker, string clientName, CancellationToken ct)
    {
        await using var connection = await FleetConnections.ConnectAsync(broker, clientName, ct);
    }

    public T GetRequiredService<T>() where T : notnull => _provider.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _bus.StopAsync(CancellationToken.None);
        await _provider.DisposeAsync();
    }
}
