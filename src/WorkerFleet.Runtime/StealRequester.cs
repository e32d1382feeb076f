using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>
/// Reactive stealing: when the engine is idle with free slots, asks the balancer for a victim and
/// consumes from it. After "nothing to steal" (or no answer: no balancer running) it waits
/// StealRetryDelay before it asks again, so an idle fleet costs a few requests per second.
/// </summary>
public sealed partial class StealRequester(
    WorkerEngine engine,
    IdleSignal idle,
    IRequestClient<StealRequest> balancer,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<StealRequester> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await idle.WaitAsync(stoppingToken);

                // Keep asking while steals bring tasks and there is credit for more.
                while (!engine.Draining && engine.StealCredit > 0)
                {
                    if (await TryStealOnceAsync(stoppingToken) == 0)
                    {
                        await Task.Delay(_options.StealRetryDelay, clock, stoppingToken);
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    private async Task<int> TryStealOnceAsync(CancellationToken ct)
    {
        try
        {
            var request = new StealRequest { ThiefId = _options.Id, FreeSlots = engine.StealCredit, RequestedAt = clock.GetUtcNow() };
            var response = await balancer.GetResponse<StealOrder, NothingToSteal>(request, ct, RequestTimeout.After(ms: (int)_options.StealRequestTimeout.TotalMilliseconds));
            if (!response.Is(out Response<StealOrder>? granted) || !TaskLevels.TryParse(granted.Message.Level, out var level))
            {
                return 0;
            }

            var order = granted.Message;
            var taken = await engine.StealAsync(order.VictimId, level, order.Count, ct);
            LogStole(taken, order.Count, order.VictimId, order.Reason);
            return taken;
        }
        catch (RequestTimeoutException)
        {
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStealFailed(ex);
            return 0;
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Stole {Taken} of {Granted} tasks from {VictimId}: {Reason}")]
    private partial void LogStole(int taken, int granted, string victimId, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Steal request failed")]
    private partial void LogStealFailed(Exception exception);
}
