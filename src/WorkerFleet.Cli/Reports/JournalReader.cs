using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using WorkerFleet.Runtime;

namespace WorkerFleet.Cli.Reports;

/// <summary>
/// Reads the workers' journals (every *.jsonl of a folder) incrementally: each call returns the
/// records of lines completed since the last call. A line still being written (no newline yet)
/// waits for the next call; a line that is not a record is counted and skipped.
/// </summary>
public sealed class JournalReader(string directory)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Every record starts with this (JournalObserver writes TaskId first).</summary>
    private static ReadOnlySpan<byte> RecordStart => "{\"taskId\":"u8;

    private readonly Dictionary<string, long> _consumed = new(StringComparer.Ordinal);

    public int SkippedLines { get; private set; }

    public List<ExecutionRecord> ReadNew()
    {
        var records = new List<ExecutionRecord>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var consumed = _consumed.GetValueOrDefault(path);
            if (stream.Length < consumed)
            {
                consumed = 0; // Truncated or replaced: read it again from the start.
            }

            stream.Position = consumed;
            var bytes = new byte[stream.Length - consumed];
            stream.ReadExactly(bytes);
            ReadOnlySpan<byte> complete = bytes.AsSpan(0, bytes.AsSpan().LastIndexOf((byte)'\n') + 1);
            foreach (var line in complete.Split((byte)'\n'))
            {
                AddRecord(complete[line], records);
            }

            _consumed[path] = consumed + complete.Length;
        }

        return records;
    }

    private void AddRecord(ReadOnlySpan<byte> line, List<ExecutionRecord> records)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty)
        {
            return;
        }

        if (TryParse(line, out var record)
            // A worker killed mid-line leaves a fragment; restarted, it appends its next record to it.
            || (line.LastIndexOf(RecordStart) is > 0 and var start && TryParse(line[start..], out record)))
        {
            records.Add(record);
        }
        else
        {
            SkippedLines++;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> line, [NotNullWhen(true)] out ExecutionRecord? record)
    {
        try
        {
            record = JsonSerializer.Deserialize<ExecutionRecord>(line, Json);
            return record is not null;
        }
        catch (JsonException)
        {
            record = null;
            return false;
        }
    }
}
