using WorkerFleet.Cli.Control;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// The strategies a bench compares. <c>shared</c> is the competing-consumer baseline (one queue,
/// prefetch = slots, no balancer); every other name is a balancer strategy run over per-worker
/// queues, <c>none</c> being static affinity (the balancer only handles lost workers).
/// </summary>
public static class BenchStrategies
{
    public const string Shared = "shared";

    public const string None = "none";

    /// <summary>What <c>--strategy all</c> runs: both baselines, then the fleet's own.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Shared, "steal", "adaptive"];

    /// <summary>shared, then the balancer's strategies as <c>fleet balancer --strategy</c> spells them.</summary>
    public static IReadOnlyList<string> Known { get; } = [Shared, .. BalancingArguments.StrategyNames];

    /// <summary>"all", one name or a comma-separated list; null when a name is unknown.</summary>
    public static IReadOnlyList<string>? Parse(string text)
    {
        if (text == "all")
        {
            return All;
        }

        var names = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
        return names.Count > 0 && names.All(Known.Contains) ? names : null;
    }
}
