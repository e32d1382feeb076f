namespace WorkerFleet.Planning.Optimal;

/// <summary>Tasks (> 0) a solution moves from one victim to one thief, by index into the model's candidate lists.</summary>
internal readonly record struct PlannedMove(int Victim, int Thief, long Count);
