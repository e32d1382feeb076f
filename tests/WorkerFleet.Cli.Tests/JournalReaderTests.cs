using System.Text;
using System.Text.Json;
using WorkerFleet.Cli.Reports;
using WorkerFleet.Runtime;
using static WorkerFleet.Cli.Tests.Records;

namespace WorkerFleet.Cli.Tests;

public class JournalReaderTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public void ReadNew_ReturnsAHalfWrittenLineOnlyOnceItsNewlineArrives()
    {
        using var folder = new TempFolder();
        var path = folder.File("w1.jsonl");
        var second = Line(Record("t2", 0, 10));
        File.WriteAllText(path, Line(Record("t1", 0, 10)) + "\n" + second[..20]);
        var reader = new JournalReader(folder.Path);

        var first = reader.ReadNew();
        File.AppendAllText(path, second[20..] + "\n");
        var rest = reader.ReadNew();

        Assert.Equal(["t1"], first.Select(record => record.TaskId));
        Assert.Equal(["t2"], rest.Select(record => record.TaskId));
        Assert.Equal(0, reader.SkippedLines);
    }

    [Fact]
    public void ReadNew_KeepsTheRecordAfterAFragment_WhenAKilledWorkerRestartedOnTheSameLine()
    {
        using var folder = new TempFolder();
        var fragment = Line(Record("lost", 0, 10))[..30];
        File.WriteAllText(folder.File("w1.jsonl"), fragment + Line(Record("t2", 0, 10)) + "\n");

        var records = new JournalReader(folder.Path).ReadNew();

        Assert.Equal(["t2"], records.Select(record => record.TaskId));
    }

    [Fact]
    public void ReadNew_CountsAndSkipsALine_WhenItIsNotARecord()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("w1.jsonl"), "not json\n\n" + Line(Record("t1", 0, 10)) + "\n");
        var reader = new JournalReader(folder.Path);

        var records = reader.ReadNew();

        Assert.Equal(["t1"], records.Select(record => record.TaskId));
        Assert.Equal(1, reader.SkippedLines);
    }

    [Fact]
    public void ReadNew_ReturnsEachRecordOnce_WhenCalledAgainWithoutNewLines()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("w1.jsonl"), Line(Record("t1", 0, 10)) + "\n");
        File.WriteAllText(folder.File("w2.jsonl"), Line(Record("t2", 0, 10, workerId: "w2")) + "\n");
        var reader = new JournalReader(folder.Path);

        var first = reader.ReadNew();
        var again = reader.ReadNew();

        Assert.Equal(["t1", "t2"], first.Select(record => record.TaskId));
        Assert.Empty(again);
    }

    /// <summary>A record as JournalObserver writes it (web JSON, TaskId first), without its newline.</summary>
    private static string Line(ExecutionRecord record)
    {
        var line = JsonSerializer.Serialize(record, Json);
        Assert.StartsWith("{\"taskId\":", line, StringComparison.Ordinal);
        Assert.Equal(line.Length, Encoding.UTF8.GetByteCount(line)); // ASCII: character offsets are byte offsets.
        return line;
    }
}
