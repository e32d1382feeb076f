namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// One <see cref="SimulationModel"/> setting as bench journals measure it: the mean over its samples
/// (null without any), beside the default the simulator uses.
/// </summary>
public sealed record MeasuredCost(string Setting, double? Ms, int Samples, double DefaultMs);
