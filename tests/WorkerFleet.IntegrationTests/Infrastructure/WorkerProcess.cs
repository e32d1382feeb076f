using System.Globalization;
using System.Text.Json;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>A worker in its own OS process (the built WorkerFleet.Worker host), writing a journal.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private WorkerProcess(FleetProcess process, string journal)
    {
        Process = process;
        Journal = journal;
    }

    public FleetProcess Process { get; }

    public string Journal { get; }

    public static async Task<WorkerProcess> StartAsync(Uri broker, string id, int slots, string journalDir,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var journal = Path.Combine(journalDir, $"{id}.jsonl");
        var environment = new Dictionary<string, string>
        {
            ["FLEET_RABBITMQ"] = broker.ToString(),
            ["Worker__Id"] = id,
            ["Worker__Slots"] = slots.ToString(CultureInfo.InvariantCulture),
            ["Worker__JournalPath"] = journal,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return new WorkerProcess(await FleetProcess.StartAsync("WorkerFleet.Worker.dll", environment, "consuming with"), journal);
    }

    /// <summary>Records the worker journaled so far (a half-written last line is skipped).</summary>
    public IReadOnlyList<JournalEntry> ReadJournal()
    {
        if (!File.Exists(Journal))
        {
            return [];
        }

        var entries = new List<JournalEntry>();
        using var stream = new FileStream(Journal, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                var root = JsonDocument.Parse(line).RootElement;
                entries.Add(new JournalEntry(
                    root.GetProperty("taskId").GetString()!,
                    root.GetProperty("outcome").GetString()!,
                    root.GetProperty("sourceQueue").GetString()!,
                    root.GetProperty("fromOwnQueue").GetBoolean(),
                    root.GetProperty("startedAtMs").GetInt64()));
            }
            catch (JsonException)
            {
                // The line being written right now.
            }
        }

        return entries;
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
