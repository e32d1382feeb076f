namespace WorkerFleet.Cli.Bench;

/// <summary>One worker process a bench run starts: its id, slots and speed factor.</summary>
public sealed record WorkerSpec(string Id, int Slots, double Speed);
