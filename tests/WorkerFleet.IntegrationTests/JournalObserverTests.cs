using System.Text.Json;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests;

/// <summary>The journal under concurrent settlements: every line written whole, once, and on disk when OnSettled returns (no broker needed).</summary>
public sealed class JournalObserverTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"journal-{Guid.NewGuid():N}.jsonl");

    [Fact]
    public async Task Records_SettledFromManyThreadsAtOnce_AreEachOneWholeLine()
    {
        const int threads = 8;
        const int perThread = 500;
        using (var journal = new JournalObserver(_path))
        {
            using var start = new Barrier(threads);
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    journal.OnSettled(Record($"t{t}-{i}"));
                }
            })));

            // Before Dispose: every OnSettled has returned, so every line is on disk.
            var lines = await ReadLinesAsync();
            Assert.Equal(threads * perThread, lines.Length);
            var ids = lines.Select(line => JsonDocument.Parse(line).RootElement.GetProperty("taskId").GetString()).ToHashSet();
            Assert.Equal(threads * perThread, ids.Count);
        }
    }

    [Fact]
    public async Task A_Line_IsTheRecordInCamelCaseJson_AsReadersExpect()
    {
        var record = Record("t1") with { Kind = "sleep", Tenant = null, SubmittedAtMs = 1_700_000_000_000, StartedAtMs = 5, EndedAtMs = 7, Attempts = 2, FromOwnQueue = true };
        using (var journal = new JournalObserver(_path))
        {
            journal.OnSettled(record);
            journal.OnSettled(record with { TaskId = "t2" });
        }

        var lines = await ReadLinesAsync();
        Assert.Equal([JsonSerializer.Serialize(record, Web), JsonSerializer.Serialize(record with { TaskId = "t2" }, Web)], lines);
    }

    public void Dispose() => File.Delete(_path);

    private async Task<string[]> ReadLinesAsync()
    {
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static ExecutionRecord Record(string id) => new()
    {
        TaskId = id,
        WorkerId = "w1",
        Level = "normal",
        SourceQueue = "fleet.w.w1.normal",
        Outcome = "completed",
    };
}
