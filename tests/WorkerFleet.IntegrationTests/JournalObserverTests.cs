using System.Diagnostics;
using System.Text.Json;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests;

/// <summary>The journal under concurrent settlements: every line written whole, once, and in the file when its settlement completes (no broker needed).</summary>
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
            await Task.WhenAll(Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perThread; i++)
                {
                    await journal.OnSettledAsync(Record($"t{t}-{i}"));
                }
            })));

            // Before Dispose: every settlement has completed, so every line is in the file.
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
            await journal.OnSettledAsync(record);
            await journal.OnSettledAsync(record with { TaskId = "t2" });
        }

        var lines = await ReadLinesAsync();
        Assert.Equal([JsonSerializer.Serialize(record, Web), JsonSerializer.Serialize(record with { TaskId = "t2" }, Web)], lines);
    }

    [Fact]
    public async Task Settlements_StillPendingAtDispose_AreWrittenBeforeTheFileCloses()
    {
        const int count = 2_000;
        ValueTask[] settlements;
        using (var journal = new JournalObserver(_path))
        {
            settlements = [.. Enumerable.Range(0, count).Select(i => journal.OnSettledAsync(Record($"t{i}")))];
        }

        foreach (var settlement in settlements)
        {
            await settlement;
        }

        var ids = (await ReadLinesAsync()).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("taskId").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"t{i}"), ids);
    }

    [Fact]
    public async Task Dispose_FromASettlementsContinuation_DoesNotWaitForItself_AndTheRestIsStillWritten()
    {
        // A FIFO nobody reads yet holds the writer, so the last settlement is still pending when it
        // is awaited and its continuation runs on the writer thread, where Dispose used to join
        // that very thread (the writer never closed the file, so the reader below never ended).
        const int count = 1_000;
        await MakeFifoAsync();
        var opening = Task.Run(() => new FileStream(_path, FileMode.Open, FileAccess.Read));
        var journal = new JournalObserver(_path);
        await using var reader = await opening;
        var settlements = Enumerable.Range(0, count).Select(i => journal.OnSettledAsync(Record($"t{i}"))).ToArray();
        var last = settlements[^1];
        Assert.False(last.IsCompleted); // nothing read yet: the FIFO's 64 KB hold the writer
        string? resumedOn = null;

        // Awaited here, before the reader starts: the continuation is registered while the
        // settlement is surely pending (a Task.Run that started late once found it complete).
        var disposing = ResumeAndDisposeAsync();

        using var lines = new StreamReader(reader);
        var read = await Task.Run(async () =>
        {
            var n = 0;
            while (await lines.ReadLineAsync() is not null)
            {
                n++;
            }

            return n;
        }).WaitAsync(TimeSpan.FromSeconds(10));
        await disposing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("journal writer", resumedOn);
        Assert.Equal(count, read);

        async Task ResumeAndDisposeAsync()
        {
            await last;
            resumedOn = Thread.CurrentThread.Name;
            journal.Dispose();
        }
    }

    [Fact]
    public async Task A_WriteThatBlocks_DoesNotBlockTheSettlingThread_AndItsSettlementsWaitForIt()
    {
        // A FIFO whose reader does not read yet: writes block once its 64 KB buffer is full, as
        // on a disk that stalls. Settling 1,000 lines (~300 KB) must still return at once.
        const int count = 1_000;
        await MakeFifoAsync();
        var opening = Task.Run(() => new FileStream(_path, FileMode.Open, FileAccess.Read));
        ValueTask[] settlements;
        using (var journal = new JournalObserver(_path))
        await using (var reader = await opening)
        {
            var settling = Task.Run(() => Enumerable.Range(0, count).Select(i => journal.OnSettledAsync(Record($"t{i}"))).ToArray());
            settlements = await settling.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains(settlements, settlement => !settlement.IsCompleted);

            using var lines = new StreamReader(reader);
            var read = 0;
            while (read < count && await lines.ReadLineAsync() is not null)
            {
                read++;
            }

            Assert.Equal(count, read);
        }

        foreach (var settlement in settlements)
        {
            await settlement;
        }
    }

    public void Dispose() => File.Delete(_path);

    /// <summary>Makes the journal's path a FIFO: writes block once its 64 KB buffer is full and nobody reads.</summary>
    private async Task MakeFifoAsync()
    {
        using var mkfifo = Process.Start("mkfifo", [_path]);
        await mkfifo.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, mkfifo.ExitCode);
    }

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
