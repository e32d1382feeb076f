namespace WorkerFleet.Scheduling;

/// <summary>Wire names of the levels (routing keys, queue suffixes, JSON values).</summary>
public static class TaskLevels
{
    /// <summary>All levels, strictest first.</summary>
    public static IReadOnlyList<TaskLevel> All { get; } = [TaskLevel.Critical, TaskLevel.High, TaskLevel.Normal, TaskLevel.Low];

    public static string ToWireName(this TaskLevel level) => level switch
    {
        TaskLevel.Critical => "critical",
        TaskLevel.High => "high",
        TaskLevel.Normal => "normal",
        TaskLevel.Low => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "unknown level"),
    };

    public static bool TryParse(string? name, out TaskLevel level)
    {
        switch (name?.ToLowerInvariant())
        {
            case "critical": level = TaskLevel.Critical; return true;
            case "high": level = TaskLevel.High; return true;
            case "normal": level = TaskLevel.Normal; return true;
            case "low": level = TaskLevel.Low; return true;
            default: level = default; return false;
        }
    }
}
