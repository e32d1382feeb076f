using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>
/// Reactive stealing: when the engine is idle with free slots, goes back to its last victim while
/// that one still has ready tasks (a steal lease), else asks the balancer for a victim and
/// consumes from it. When no balancer answers, it begins to hear a sample of its peers'
/// heartbeats, probes two random peers it has heard of and takes from the more loaded one (power
/// of two choices); once a balancer answers again, it stops hearing them. After a round that
/// brought nothing it waits StealRetryDelay before it asks again, so an idle fleet costs a few
/// requests per second.
/// </summary>
public sealed partial class StealRequester(
    WorkerEngine engine,
    IdleSignal idle,
    IRequestClient<StealRequest> balancer,
    PeerDirectory peers,
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
        // Nothing here may end the loop: a failed round is a round that brought nothing.
        try
        {
            var leased = await engine.StealFromLeaseAsync(ct);
            if (leased > 0)
            {
                return leased;
            }

            if (await AskBalancerAsync(ct) is { } ordered)
            {
                await engine.StopHearingPeersAsync(ct);
                return ordered;
            }

            await engine.HearPeerSampleAsync(ct);
            return await StealFromBusierPeerAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogStealFailed(ex);
            return 0;
        }
    }

    /// <summary>Tasks taken on the balancer's order; null when no balancer answered.</summary>
    private async Task<int?> AskBalancerAsync(CancellationToken ct)
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
            return null;
        }
    }

    /// <summary>No balancer: of two random peers, take up to half the ready tasks of the busier one.</summary>
    private async Task<int> StealFromBusierPeerAsync(CancellationToken ct)
    {
        var candidates = new List<(string Peer, IReadOnlyDictionary<TaskLevel, long?> Ready)>();
        foreach (var peer in peers.TwoRandomPeers())
        {
            candidates.Add((peer, await engine.ReadyCountsAsync(peer, ct)));
        }

        if (candidates.Count == 0)
        {
            return 0;
        }

        var busier = candidates.MaxBy(c => c.Ready.Values.Sum(v => v ?? 0));
        var ready = busier.Ready.Values.Sum(v => v ?? 0);
        if (ready < 2)
        {
            return 0;
        }

        var level = TaskLevels.All.First(l => busier.Ready[l] > 0);
        var taken = await engine.StealAsync(busier.Peer, level, (int)Math.Min(engine.StealCredit, ready / 2), ct);
        LogStole(taken, taken, busier.Peer, "no balancer answered; the busier of two random peers");
        return taken;
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Stole {Taken} of {Granted} tasks from {VictimId}: {Reason}")]
    private partial void LogStole(int taken, int granted, string victimId, string reason);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Steal request failed")]
    private partial void LogStealFailed(Exception exception);
}
