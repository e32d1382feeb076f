namespace WorkerFleet.Scheduling.Balancing;

/// <summary>
/// Per-pair cooldowns of the planners: after a migration between two workers, neither direction
/// of that pair is planned again until the cooldown ends (steal thrash between a pair is what the
/// cooldown prevents). Not thread-safe: each planner owns one.
/// </summary>
public sealed class PairCooldowns
{
    private readonly Dictionary<(string, string), DateTimeOffset> _until = [];

    /// <summary>Workers with any pair in cooldown.</summary>
    public IReadOnlySet<string> Workers => _until.Keys.SelectMany(pair => new[] { pair.Item1, pair.Item2 }).ToHashSet(StringComparer.Ordinal);

    public bool Active(string a, string b, DateTimeOffset now) => _until.TryGetValue(Key(a, b), out var until) && now < until;

    public void Start(string a, string b, DateTimeOffset until) => _until[Key(a, b)] = until;

    public void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (pair, until) in _until)
        {
            if (now >= until)
            {
                // Removing the current entry while enumerating is allowed for Dictionary.
                _until.Remove(pair);
            }
        }
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);
}
