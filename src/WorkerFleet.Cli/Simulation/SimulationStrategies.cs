namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The strategies the simulator runs, as the bench names them: <c>none</c> (static affinity: each
/// worker runs what the hash routes to it), <c>shared</c> (one competing-consumer queue, prefetch =
/// slots), <c>steal</c> (an idle worker asks the balancer, which answers with the core's steal
/// policy) and <c>adaptive</c> (steal, plus the core's migration planner every balance interval).
/// </summary>
public static class SimulationStrategies
{
    public const string None = "none";

    public const string Shared = "shared";

    public const string Steal = "steal";

    public const string Adaptive = "adaptive";

    /// <summary>What <c>all</c> runs: the bench's <c>--strategy all</c>.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Shared, Steal, Adaptive];

    /// <summary>"all" or a comma-separated list of names; null when a name is unknown.</summary>
    public static IReadOnlyList<string>? Parse(string text)
    {
        if (text == "all")
        {
            return All;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return names.Length > 0 && names.All(All.Contains) ? [.. names.Distinct(StringComparer.Ordinal)] : null;
    }

    /// <summary>Whether idle workers of this strategy ask the balancer for work.</summary>
    public static bool Steals(string strategy) => strategy is Steal or Adaptive;
}
