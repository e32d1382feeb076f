using System.Text.Json;
using WorkerFleet.Scheduling;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Builders of test tasks.</summary>
public static class Tasks
{
    public static FleetTask Make(string id, string kind = "noop", TaskLevel level = TaskLevel.Normal, string? affinity = null,
        int? sleepMs = null, string? tenant = null) => new()
    {
        Id = id,
        Kind = kind,
        Level = level,
        AffinityKey = affinity,
        Tenant = tenant,
        Payload = JsonDocument.Parse(sleepMs is { } ms ? $"{{\"ms\":{ms}}}" : "{}").RootElement.Clone(),
    };

    public static IEnumerable<FleetTask> Many(string prefix, int count, string kind = "noop", TaskLevel level = TaskLevel.Normal, int? sleepMs = null) =>
        Enumerable.Range(0, count).Select(i => Make($"{prefix}-{i}", kind, level, sleepMs: sleepMs));
}
