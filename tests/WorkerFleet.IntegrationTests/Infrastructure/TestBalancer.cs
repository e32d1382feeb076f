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

    public static async Task<TestBalancer> StartAsync(Uri broker, string strategy = "adaptive")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["FLEET_RABBITMQ"] = broker.ToString(),
            ["Balancer:Balancing:Strategy"] = strategy,
            ["Balancer:HeartbeatInterval"] = "00:00:00.250",
            ["Balancer:BalanceInterval"] = "00:00:00.500",
        });
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
