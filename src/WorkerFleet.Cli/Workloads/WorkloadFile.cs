using System.Text.Json.Serialization;

namespace WorkerFleet.Cli.Workloads;

/// <summary>
/// A workload file: {"tasks": [...]}. Scenario, seed and workers hint record what generated it
/// (absent in hand-written files); only the tasks are submitted.
/// </summary>
public sealed record WorkloadFile
{
    [JsonPropertyName("scenario")]
    public string? Scenario { get; init; }

    [JsonPropertyName("seed")]
    public int? Seed { get; init; }

    [JsonPropertyName("workers_hint")]
    public int? WorkersHint { get; init; }

    [JsonPropertyName("tasks")]
    public required IReadOnlyList<WorkloadTask> Tasks { get; init; }
}
