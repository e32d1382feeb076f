using System.Text.Json.Serialization;

namespace WorkerFleet.Cli.Workloads;

/// <summary>One task of a workload file; submitted as a <c>sleep</c> task of <see cref="DurationMs"/>.</summary>
public sealed record WorkloadTask
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The sleep's length: payload {"ms": duration_ms}, and the task's cost estimate.</summary>
    [JsonPropertyName("duration_ms")]
    public required double DurationMs { get; init; }

    /// <summary>The affinity key the level exchange hashes.</summary>
    [JsonPropertyName("key")]
    public required string Key { get; init; }

    /// <summary>Level wire name: critical, high, normal or low.</summary>
    [JsonPropertyName("level")]
    public required string Level { get; init; }

    [JsonPropertyName("tenant")]
    public string? Tenant { get; init; }

    /// <summary>Deadline relative to the start of the submitting command.</summary>
    [JsonPropertyName("deadline_ms")]
    public long? DeadlineMs { get; init; }

    /// <summary>When to submit, relative to the start of the submitting command; absent = at once.</summary>
    [JsonPropertyName("submit_at_ms")]
    public long? SubmitAtMs { get; init; }
}
