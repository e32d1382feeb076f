using WorkerFleet.Cli.Bench;

namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// Consistent hashing of affinity keys onto workers: each worker owns virtual nodes on a 64-bit
/// ring in proportion to its capacity (slots x speed); a key belongs to the first node at or after
/// its hash. Deterministic: the hash is FNV-1a with a splitmix64 finaliser, salted by the seed
/// (string.GetHashCode is randomised per process).
/// </summary>
internal sealed class HashRing
{
    // Points on the whole ring: enough that a small fleet's shares are within ~1% of its weights,
    // bounded per worker so a 10,000-worker ring stays at a few hundred thousand points.
    private const int RingPoints = 200_000;
    private const int MinNodesPerWorker = 32;
    private const int MaxNodesPerWorker = 4_096;

    private readonly ulong[] _points;
    private readonly int[] _owners;
    private readonly int _seed;

    public HashRing(IReadOnlyList<WorkerSpec> workers, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfZero(workers.Count);
        _seed = seed;
        var meanWeight = workers.Average(worker => worker.Slots * worker.Speed);
        var meanNodes = Math.Clamp(RingPoints / workers.Count, MinNodesPerWorker, MaxNodesPerWorker);
        var nodes = new List<(ulong Point, int Owner)>();
        for (var index = 0; index < workers.Count; index++)
        {
            var worker = workers[index];
            var count = Math.Max(1, (int)Math.Round(meanNodes * worker.Slots * worker.Speed / meanWeight));
            for (var node = 0; node < count; node++)
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
