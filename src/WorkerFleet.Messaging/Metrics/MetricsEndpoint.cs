using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Prometheus;

namespace WorkerFleet.Messaging.Metrics;

/// <summary>
/// Serves the process's registry as Prometheus text on <c>http://*:PORT/metrics</c> while the host
/// runs (prometheus-net's HttpListener server: no web framework in the worker, whose idle memory is
/// budgeted). A port that cannot be bound fails start-up, naming the setting.
/// </summary>
internal sealed class MetricsEndpoint(IOptions<MetricsOptions> options, CollectorRegistry registry) : IHostedService
{
    private IMetricServer? _server;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Port is not { } port)
        {
            return Task.CompletedTask;
        }

        try
        {
            _server = new MetricServer(port, registry: registry).Start();
        }
        catch (HttpListenerException ex)
        {
            throw new InvalidOperationException($"{MetricsOptions.Section}:Port {port}: cannot serve metrics there ({ex.Message})", ex);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_server is not null)
        {
            await _server.StopAsync();
        }
    }
}
