using System.Text.Json;

namespace WorkerFleet.Runtime;

/// <summary>
/// Appends one JSON line per settled task to WorkerOptions.JournalPath. Flushed per line, so a
/// killed worker loses at most the line being written.
/// </summary>
public sealed class JournalObserver : IExecutionObserver, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public JournalObserver(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    public void OnSettled(ExecutionRecord record)
    {
        var line = JsonSerializer.Serialize(record, Json);
        lock (_gate)
        {
            _writer.WriteLine(line);
        }
    }

    public void Dispose() => _writer.Dispose();
}
