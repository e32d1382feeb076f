namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The strategies the simulator runs: <c>none</c> (static affinity: each worker runs what the hash
/// routes to it) and <c>steal</c> (an idle worker asks the core's steal policy for a victim).
/// </summary>
public static class SimulationStrategies
{
    public const string None = "none";

    public const string Steal = "steal";

    public static IReadOnlyList<string> All { get; } = [None, Steal];

    /// <summary>"all" or one name; null when unknown.</summary>
    public static IReadOnlyList<string>? Parse(string text) => text switch
    {
        "all" => All,
        None or Steal => [text],
        _ => null,
    };
}
