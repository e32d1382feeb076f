namespace WorkerFleet.Messaging.Balancer;

/// <summary>Names of the lifecycle states, as the saga stores them and status shows them.</summary>
public static class WorkerLifecycleStates
{
    public const string Joining = nameof(Joining);
    public const string Active = nameof(Active);
    public const string Suspect = nameof(Suspect);
    public const string Lost = nameof(Lost);
    public const string Draining = nameof(Draining);
}
