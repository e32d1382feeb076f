using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Cli.Workloads;

/// <summary>Reads and writes workload files (snake_case JSON), checking every task on the way in.</summary>
public static class WorkloadJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        RespectNullableAnnotations = true,
    };

    public static void Write(WorkloadFile workload, string path)
    {
        using var stream = File.Create(path);
        JsonSerializer.Serialize(stream, workload, Options);
    }

    /// <summary>The workload in <paramref name="path"/>, or why it is not a valid one.</summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out WorkloadFile? workload, out string error)
    {
        workload = null;
        try
        {
            using var stream = File.OpenRead(path);
            workload = JsonSerializer.Deserialize<WorkloadFile>(stream, Options);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            error = ex.Message;
            return false;
        }

        error = workload is null ? "the file holds null, not a workload" : Check(workload.Tasks);
        return error.Length == 0;
    }

    private static string Check(IReadOnlyList<WorkloadTask> tasks)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            var task = tasks[i];
            var problem = task switch
            {
                { Id.Length: 0 } => "id must not be empty",
                _ when !ids.Add(task.Id) => "id is not unique",
                _ when !TaskLevels.TryParse(task.Level, out _) => $"level '{task.Level}' is not one of critical, high, normal, low",
                { DurationMs: < 0 or double.NaN or double.PositiveInfinity } => "duration_ms must be a non-negative number",
                { DeadlineMs: < 0 } => "deadline_ms must not be negative",
                { SubmitAtMs: < 0 } => "submit_at_ms must not be negative",
                _ => null,
            };
            if (problem is not null)
            {
                return $"task {i} (id '{task.Id}'): {problem}";
            }
        }

        return string.Empty;
    }
}
