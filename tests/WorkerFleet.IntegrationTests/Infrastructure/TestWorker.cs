using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>A real worker host in the test process, on a test vhost, reporting to an observer.</summary>
public sealed class TestWorker : IAsyncDisposable
{
    private readonly IHost _host;

    private TestWorker(IHost host) => _host = host;

    public WorkerEngine Engine => _host.Services.GetRequiredService<WorkerEngine>();

    public WorkerCounters Counters => _host.Services.GetRequiredService<WorkerCounters>();

    public PeerDirectory Peers => _host.Services.GetRequiredService<PeerDirectory>();

    public static async Task<TestWorker> StartAsync(Uri broker, string id, int slots, IExecutionObserver observer,
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?>
        {
            ["FLEET_RABBITMQ"] = broker.ToString(),
            ["Worker:Id"] = id,
            ["Worker:Slots"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Worker:FallbackPollInterval"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddFleetWorker(builder.Configuration);
        builder.Services.AddSingleton(observer);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestWorker(host);
    }

    private bool _stopped;

    /// <summary>Graceful stop, as on SIGTERM.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
    }
}
