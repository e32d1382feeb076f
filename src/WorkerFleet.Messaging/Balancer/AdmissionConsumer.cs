using MassTransit;
using Microsoft.Extensions.Options;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>
/// Admission control for periodic critical work: capacity is the accepting workers' slots x speed
/// from the latest heartbeats; the decision is the core's AdmissionControl.
/// </summary>
public sealed class AdmissionConsumer(FleetPicture picture, AdmissionControl admission, IOptions<BalancerOptions> options)
    : IConsumer<AdmitPeriodicWorkload>
{
    public async Task Consume(ConsumeContext<AdmitPeriodicWorkload> context)
    {
        var request = context.Message;
        var capacity = picture.Loads().Where(w => w.Accepting).Sum(w => w.Slots * w.Speed);
        AdmissionDecision decision;
        if (!(request.CostMs > 0) || !(request.PeriodMs > 0))
        {
            decision = new AdmissionDecision(false, 0, 0, "costMs and periodMs must be positive numbers");
        }
        else if (capacity <= 0)
        {
            // The core's utilisation over zero capacity is infinite, which no JSON can carry.
            decision = new AdmissionDecision(false, 0, 0, "no accepting worker: the fleet has no capacity to admit into");
        }
        else
        {
            lock (admission)
            {
                decision = admission.TryAdmit(new PeriodicWorkload(request.Name, request.CostMs, request.PeriodMs), capacity, options.Value.AdmissionBound);
            }
        }

        await context.RespondAsync(new AdmissionAnswered
        {
            Name = request.Name,
            Admitted = decision.Admitted,
            UtilisationBefore = decision.UtilisationBefore,
            UtilisationAfter = decision.UtilisationAfter,
            FleetCapacity = capacity,
            Reason = decision.Reason,
        });
    }
}
