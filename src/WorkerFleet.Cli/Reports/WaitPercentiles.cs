namespace WorkerFleet.Cli.Reports;

/// <summary>Wait (start - submit) percentiles in milliseconds, within HdrHistogram's 3 significant digits.</summary>
public sealed record WaitPercentiles(long P50, long P90, long P99, long Max);
