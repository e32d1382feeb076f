using WorkerFleet.Cli.Bench;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// Consistent hashing of affinity keys onto workers, shaped like the broker's x-consistent-hash
/// exchange the real fleet routes through: each worker binds with its ring weight, by default
/// slots x speed (<see cref="WorkerSpec.EffectiveRingWeight"/>), and owns that many points on a
/// 64-bit ring; a key belongs to the first point at or after its hash. So a 4 x 4 fleet has 16 points and the shares stray far
/// from the weights, differently for each salt, as they do between bench runs (each on a fresh
/// vhost). Deterministic: the hash is FNV-1a with a splitmix64 finaliser, salted by the seed
/// (string.GetHashCode is randomised per process).
/// </summary>
internal sealed class HashRing
{
    private readonly ulong[] _points;
    private readonly int[] _owners;
    private readonly int _seed;

    public HashRing(IReadOnlyList<WorkerSpec> workers, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(workers.Count);
        _seed = seed;
        var nodes = new List<(ulong Point, int Owner)>();
        for (var index = 0; index < workers.Count; index++)
        {
            var worker = workers[index];
            for (var node = 0; node < worker.EffectiveRingWeight; node++)
            {
                nodes.Add((Hash($"{worker.Id}#{node}", seed), index));
            }
        }

        nodes.Sort();
        _points = [.. nodes.Select(node => node.Point)];
        _owners = [.. nodes.Select(node => node.Owner)];
    }

    /// <summary>Index (in the fleet given) of the worker that owns <paramref name="key"/>.</summary>
    public int Owner(string key)
    {
        var at = Array.BinarySearch(_points, Hash(key, _seed));
        at = at >= 0 ? at : ~at;
        return _owners[at == _points.Length ? 0 : at];
    }

    internal static ulong Hash(string text, int seed)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        hash = (hash ^ (hash >> 30)) * 0xBF58476D1CE4E5B9UL;
        hash = (hash ^ (hash >> 27)) * 0x94D049BB133111EBUL;
        return hash ^ (hash >> 31);
    }
}
