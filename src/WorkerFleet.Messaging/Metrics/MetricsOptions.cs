namespace WorkerFleet.Messaging.Metrics;

/// <summary>
/// A fleet process's Prometheus endpoint, bound from the "Metrics" section (env: Metrics__Port).
/// Off unless a port is set: several workers may share a host (the benchmarks, the demo), and
/// each needs a port of its own.
/// </summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>TCP port serving <c>GET /metrics</c> on every interface. Default: none (no endpoint).</summary>
    public int? Port { get; set; }

    /// <summary>Every rule broken, each naming its setting; empty when valid.</summary>
    public IReadOnlyList<string> Validate() =>
        Port is { } port and (< 1 or > 65535) ? [$"{Section}:Port must be between 1 and 65535, got {port}"] : [];
}
