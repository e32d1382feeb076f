namespace WorkerFleet.Contracts;

/// <summary>Values of <see cref="WorkerHeartbeat.State"/>.</summary>
public static class WorkerStates
{
    public const string Active = "active";
    public const string Draining = "draining";
}
