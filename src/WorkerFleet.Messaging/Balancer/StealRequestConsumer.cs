using MassTransit;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Answers an idle worker: the heaviest worker above the steal threshold and how many tasks to take
/// (StealPolicy), or a clear "nothing to steal". Grants are booked in the picture at once so that
/// concurrent thieves are sent for different tasks.
/// </summary>
public sealed class StealRequestConsumer(FleetPicture picture, BalancingSettings settings, BalancerMetrics metrics) : IConsumer<StealRequest>
{
    public async Task Consume(ConsumeContext<StealRequest> context)
    {
        var request = context.Message;
        var options = settings.Current;
        // Optimal plans with CP-SAT each interval and, like adaptive, also answers idle workers at once.
        if (options.Strategy is not (BalancingStrategy.Steal or BalancingStrategy.Adaptive or BalancingStrategy.Optimal))
        {
            await RefuseAsync(context, $"strategy {options.Strategy} does not steal on request");
            return;
        }

        var lifecycle = picture.LifecycleOf(request.ThiefId);
        if (request.FreeSlots <= 0 || lifecycle is not (null or WorkerLifecycleStates.Joining or WorkerLifecycleStates.Active))
        {
            await RefuseAsync(context, $"thief has no free slot or is {lifecycle}");
            return;
        }

        var fleet = picture.Loads();
        var thief = fleet.FirstOrDefault(w => w.WorkerId == request.ThiefId) is { } known
            ? known with { BusySlots = Math.Max(0, known.Slots - request.FreeSlots) }
            : new WorkerLoad { WorkerId = request.ThiefId, Slots = request.FreeSlots, BusySlots = 0 };
        if (!thief.Accepting || StealPolicy.ChooseVictim(thief, fleet, options) is not { } migration)
        {
            await RefuseAsync(context, "no worker is loaded above the steal threshold");
            return;
        }

        picture.Grant(migration);
        await context.RespondAsync(StealOrders.From(migration));
        metrics.StealAnswered(ordered: true);
    }

    private async Task RefuseAsync(ConsumeContext<StealRequest> context, string reason)
    {
        await context.RespondAsync(new NothingToSteal { ThiefId = context.Message.ThiefId, Reason = reason });
        metrics.StealAnswered(ordered: false);
    }
}
