namespace WorkerFleet.Scheduling;

/// <summary>The part of a task the local scheduler orders by.</summary>
/// <param name="Level">Priority level.</param>
/// <param name="Tenant">Fair-share group (null = the default tenant).</param>
/// <param name="Deadline">EDF key for critical tasks (null = after every task with a deadline).</param>
/// <param name="CostMs">Estimated cost charged to the tenant's virtual time (null = one unit).</param>
public readonly record struct SchedulingInfo(TaskLevel Level, string? Tenant, DateTimeOffset? Deadline, double? CostMs);
