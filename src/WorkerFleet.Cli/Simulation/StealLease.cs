using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// What a thief remembers of a steal that left its victim's queue non-empty (WorkerEngine's
/// StealLease): the victim, the level it stole from, how many tasks its queue still held after the
/// last basic.get (what basic.get-ok reports), and until when it may go back without asking.
/// </summary>
internal sealed record StealLease(int Victim, TaskLevel FromLevel, long ReadyBehind, double ExpiresAtMs);
