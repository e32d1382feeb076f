namespace WorkerFleet.Cli.Bench;

/// <summary>The churn scenario's crash: which worker was killed (SIGKILL) and when (unix ms).</summary>
public sealed record WorkerKill(string WorkerId, long AtUnixMs);
