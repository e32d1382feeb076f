namespace WorkerFleet.Scheduling;

/// <summary>Priority level of a task. The numeric order is the strictness order: lower runs first.</summary>
public enum TaskLevel
{
    Critical = 0,
    High = 1,
    Normal = 2,
    Low = 3,
}
