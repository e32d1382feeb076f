using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Bench;

/// <summary>One worker process a bench run starts: its id, slots, speed factor and, when not its capacity, its hash-ring weight.</summary>
public sealed record WorkerSpec(string Id, int Slots, double Speed, int? RingWeight = null)
{
    /// <summary>The points its queues take on the hash ring (the worker's own default when <see cref="RingWeight"/> is null).</summary>
    public int EffectiveRingWeight => RingWeight ?? FleetTopology.Weight(Slots, Speed);
}
