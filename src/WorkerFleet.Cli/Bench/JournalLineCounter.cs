namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Counts the complete lines appended to a folder's journals since it last looked, without parsing
/// them. The bench watches a run with this and parses the journals only once the count says the run
/// may be complete: parsing them every 100 ms took CPU and GC pauses from the fleet being measured
/// (noop ran at 6.4-7.5k tasks/s while watched that way, 9.0-9.7k/s watched every 3 s).
/// </summary>
public sealed class JournalLineCounter(string directory)
{
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[64 * 1024];

    public long CountNew()
    {
        long lines = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "*.jsonl"))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var offset = _offsets.GetValueOrDefault(path);
            if (stream.Length < offset)
            {
                offset = 0; // Truncated or replaced: count it again from the start.
            }

            stream.Position = offset;
            int read;
            while ((read = stream.Read(_buffer)) > 0)
            {
                lines += _buffer.AsSpan(0, read).Count((byte)'\n');
                offset += read;
            }

            _offsets[path] = offset;
        }

        return lines;
    }
}
