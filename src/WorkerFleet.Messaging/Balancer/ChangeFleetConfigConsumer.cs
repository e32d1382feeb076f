using MassTransit;
using Microsoft.Extensions.Logging;
using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>Applies a run-time settings change and announces the settings in force to workers and balancers.</summary>
public sealed partial class ChangeFleetConfigConsumer(BalancingSettings settings, TimeProvider clock, ILogger<ChangeFleetConfigConsumer> logger)
    : IConsumer<ChangeFleetConfig>
{
    public async Task Consume(ConsumeContext<ChangeFleetConfig> context)
    {
        var errors = settings.Apply(context.Message);
        if (errors.Count > 0)
        {
            LogRejected(string.Join("; ", errors));
            return;
        }

        var now = settings.Describe(clock.GetUtcNow());
        LogChanged(now.Strategy, now.StealThresholdMs, now.Tolerance);
        await context.Publish(now);
    }

    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Fleet config now: strategy {Strategy}, steal threshold {Threshold} ms, tolerance {Tolerance}")]
    private partial void LogChanged(string strategy, double threshold, double tolerance);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Fleet config change rejected: {Errors}")]
    private partial void LogRejected(string errors);
}
