namespace WorkerFleet.Cli.Reports;

/// <summary>One level's completed count and waits; <see cref="WaitMs"/> is null when no task had a submit time.</summary>
public sealed record LevelSummary(int Completed, WaitPercentiles? WaitMs);
