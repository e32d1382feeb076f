namespace WorkerFleet.Scheduling;

/// <summary>Either a task or the dead-letter reason (with a human detail) why there is none.</summary>
public sealed record TaskParseResult
{
    public FleetTask? Task { get; private init; }

    public string? Reason { get; private init; }

    public string? Detail { get; private init; }

    public bool IsValid => Task is not null;

    public static TaskParseResult Valid(FleetTask task) => new() { Task = task };

    public static TaskParseResult Rejected(string reason, string detail) => new() { Reason = reason, Detail = detail };
}
