using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>
/// Publishes the worker's load every heartbeat interval and, after a graceful stop, WorkerLeft.
/// Registered before the engine so it stops after it: heartbeats go on (state "draining") while
/// the engine drains.
/// </summary>
public sealed partial class HeartbeatService(
    WorkerEngine engine,
    WorkerCounters counters,
    TaskExecutor executor,
    IBus bus,
    IOptions<WorkerOptions> options,
    TimeProvider clock,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    private readonly WorkerOptions _options = options.Value;
    private long _sequence;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PublishHeartbeatAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await bus.Publish(new WorkerLeft { WorkerId = _options.Id, LeftAt = clock.GetUtcNow(), HandedOff = engine.HandedOff }, cancellationToken);
        }
        catch (Exception ex)
        {
            LogPublishFailed(ex);
        }
    }

    private async Task PublishHeartbeatAsync(CancellationToken ct)
    {
        try
        {
            var ready = await engine.ReadyCountsAsync(ct);
            var holding = await engine.HoldingFromAsync(ct);
            await bus.Publish(new WorkerHeartbeat
            {
                WorkerId = _options.Id,
                Sequence = Interlocked.Increment(ref _sequence),
                SentAt = clock.GetUtcNow(),
                State = engine.Draining ? WorkerStates.Draining : WorkerStates.Active,
                Slots = _options.Slots,
                Speed = _options.Speed,
                RingWeight = _options.EffectiveRingWeight,
                BusySlots = engine.BusySlots,
                HeldLocally = engine.HeldLocally,
                ReadyByLevel = ready.Where(kv => kv.Value.HasValue).ToDictionary(kv => kv.Key.ToWireName(), kv => kv.Value!.Value),
                EwmaServiceMs = counters.EwmaServiceMs,
                Completed = counters.Completed,
                DeadLettered = counters.DeadLettered,
                TakenFromOtherQueues = counters.TakenFromOtherQueues,
                Stolen = counters.Stolen,
                OpenBreakers = executor.OpenBreakers(),
                HoldingFrom = holding,
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A missed heartbeat is tolerated by design (the balancer waits several intervals).
            LogPublishFailed(ex);
        }
    }

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Heartbeat not published")]
    private partial void LogPublishFailed(Exception exception);
}
