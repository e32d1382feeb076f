using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;

namespace WorkerFleet.Messaging.Metrics;

public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// The process's own metrics registry (not prometheus-net's static default one, so that hosts
    /// sharing a process, as the tests' do, keep their numbers apart), with the process's CPU and
    /// memory and <paramref name="staticLabels"/> on every series, and its endpoint when
    /// Metrics:Port is set. Counting happens whether or not anything scrapes.
    /// </summary>
    public static IServiceCollection AddFleetMetrics(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, IDictionary<string, string>> staticLabels)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MetricsOptions>, MetricsOptionsValidator>();
        services.AddSingleton(sp =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            registry.SetStaticLabels(staticLabels(sp));
            DotNetStats.Register(registry);
            return registry;
        });
        services.AddSingleton<IMetricFactory>(sp => Prometheus.Metrics.WithCustomRegistry(sp.GetRequiredService<CollectorRegistry>()));
        services.AddHostedService<MetricsEndpoint>();
        return services;
    }

    private sealed class MetricsOptionsValidator : IValidateOptions<MetricsOptions>
    {
        public ValidateOptionsResult Validate(string? name, MetricsOptions options)
        {
            var errors = options.Validate();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
