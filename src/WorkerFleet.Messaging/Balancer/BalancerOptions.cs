using WorkerFleet.Transport;

namespace WorkerFleet.Messaging.Balancer;

/// <summary>Settings of a balancer host, section "Balancer" (env: Balancer__BalanceInterval, ...).</summary>
public sealed class BalancerOptions
{
    public const string Section = "Balancer";

    /// <summary>The workers' heartbeat interval; silence is measured in it. Default 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The planner runs at most once per interval. Default 2 s (at least 2 heartbeats).</summary>
    public TimeSpan BalanceInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Heartbeat intervals of silence before a worker is suspect. Default 3.</summary>
    public int SuspectAfterIntervals { get; set; } = 3;

    /// <summary>Heartbeat intervals of silence before a worker is lost (queues unbound, drained). Default 5.</summary>
    public int LostAfterIntervals { get; set; } = 5;

    /// <summary>Queue type of the fleet's queues (to delete a lost worker's queues correctly). Default classic.</summary>
    public FleetQueueType QueueType { get; set; } = FleetQueueType.Classic;

    /// <summary>Highest critical utilisation admission control admits (EDF's U &lt;= 1). Default 1.</summary>
    public double AdmissionBound { get; set; } = 1.0;

    /// <summary>
    /// The vhost of the broker's event exchange (plugin rabbitmq_event_exchange, setting
    /// event_exchange.vhost), where the balancer learns of vanished consumers at once
    /// (<see cref="BrokerLossEvents"/>). Empty: silence and probes only. Default "/", the broker's.
    /// </summary>
    public string EventsVhost { get; set; } = "/";

    /// <summary>Strategy and thresholds at start; changed at run time by ChangeFleetConfig.</summary>
    public Scheduling.Balancing.BalancingOptions Balancing { get; set; } = new();

    public TimeSpan SuspectAfter => HeartbeatInterval * SuspectAfterIntervals;

    public TimeSpan LostAfter => HeartbeatInterval * LostAfterIntervals;

    /// <summary>
    /// Silence after which the balancer asks the broker whether the worker's queues still have
    /// consumers: a quarter interval past a missed heartbeat, so a late heartbeat costs a passive
    /// declare, not more, and a killed worker is found within about 1.5 intervals of its last beat.
    /// </summary>
    public TimeSpan ProbeAfter => HeartbeatInterval * 1.25;

    /// <summary>How often the balancer's loop looks at silence and lost queues: twice per heartbeat interval.</summary>
    public TimeSpan TickInterval => HeartbeatInterval / 2;

    /// <summary>Every broken rule, each naming its setting (rules across fields included).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (HeartbeatInterval <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:HeartbeatInterval must be positive");
        }

        if (BalanceInterval < 2 * HeartbeatInterval)
        {
            errors.Add($"{Section}:BalanceInterval must be >= 2 x {Section}:HeartbeatInterval (a plan needs fresh heartbeats)");
        }

        if (SuspectAfterIntervals < 2)
        {
            errors.Add($"{Section}:SuspectAfterIntervals must be >= 2 (one late heartbeat is not a failure)");
        }

        if (LostAfterIntervals <= SuspectAfterIntervals)
        {
            errors.Add($"{Section}:LostAfterIntervals must be > {Section}:SuspectAfterIntervals");
        }

        if (!(AdmissionBound > 0) || AdmissionBound > 1)
        {
            errors.Add($"{Section}:AdmissionBound must be in (0, 1]");
        }

        errors.AddRange(Balancing.Validate());
        return errors;
    }
}
