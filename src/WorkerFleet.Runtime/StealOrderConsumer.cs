using MassTransit;
using Microsoft.Extensions.Logging;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>Carries out a steal order the balancer's planner sent to this worker's control queue.</summary>
public sealed partial class StealOrderConsumer(WorkerEngine engine, ILogger<StealOrderConsumer> logger) : IConsumer<StealOrder>
{
    public async Task Consume(ConsumeContext<StealOrder> context)
    {
        var order = context.Message;
        if (!TaskLevels.TryParse(order.Level, out var level) || order.Count <= 0)
        {
            LogIgnored(order.OrderId, order.Level, order.Count);
            return;
        }

        // The plan was made from a heartbeat ago: take no more than the credit the worker has now,
        // or stolen tasks would wait here, unstealable, while the victim could have run them. A
        // lost victim runs nothing: its tasks may wait here, a little.
        var taken = order.CriticalAssist
            ? await engine.StealCriticalAsync(order.VictimId, Math.Min(order.Count, engine.CriticalCredit), context.CancellationToken)
            : await engine.StealAsync(order.VictimId, level, Math.Min(order.Count, order.VictimLost ? engine.DrainCredit : engine.StealCredit), context.CancellationToken);
        LogCarriedOut(taken, order.Count, order.VictimId, order.Reason);
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Steal order: took {Taken} of {Count} from {VictimId} ({Reason})")]
    private partial void LogCarriedOut(int taken, int count, string victimId, string reason);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Steal order {OrderId} ignored: level '{Level}', count {Count}")]
    private partial void LogIgnored(Guid orderId, string level, int count);
}
