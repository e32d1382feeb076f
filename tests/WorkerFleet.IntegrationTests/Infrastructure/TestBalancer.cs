using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkerFleet.Messaging.Balancer;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>A real balancer host in the test process, on a test vhost, with a fast control plane.</summary>
public sealed class TestBalancer : IAsyncDisposable
{
    private readonly IHost _host;

    private TestBalancer(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public BalancingSettings Settings => _host.Services.GetRequiredService<BalancingSettings>();

    /// <param name="broker">The test's vhost.</param>
    /// <param name="strategy">The balancing strategy.</param>
    /// <param name="heartbeatInterval">What the balancer takes the workers' interval to be (default 250 ms; the balance interval is twice it).</param>
    /// <param name="settings">More configuration, overriding the above.</param>
    public static async Task<TestBalancer> StartAsync(Uri broker, string strategy = "adaptive", TimeSpan? heartbeatInterval = null,
        IDictionary<string, string?>? settings = null)
    {
        var interval = heartbeatInterval ?? TimeSpan.FromMilliseconds(250);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = new Dictionary<string, string?>
        {
            ["FLEET_RABBITMQ"] = broker.ToString(),
            ["Balancer:Balancing:Strategy"] = strategy,
            ["Balancer:HeartbeatInterval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Balancer:BalanceInterval"] = (2 * interval).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddFleetBalancer(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new TestBalancer(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        await ((IAsyncDisposable)_host).DisposeAsync();
    }
}
