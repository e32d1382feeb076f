namespace WorkerFleet.Cli.Reports;

/// <summary>What one worker settled: tasks completed, and tasks it took from queues not its own (fallback, stolen).</summary>
public sealed record WorkerSummary(int Completed, int FromOtherQueues);
