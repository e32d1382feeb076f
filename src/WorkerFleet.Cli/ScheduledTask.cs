using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli;

/// <summary>A task to submit no earlier than <paramref name="SubmitAtMs"/> after the submission starts.</summary>
internal sealed record ScheduledTask(FleetTask Task, long SubmitAtMs);
