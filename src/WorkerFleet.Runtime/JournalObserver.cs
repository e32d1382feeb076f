using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace WorkerFleet.Runtime;

/// <summary>
/// Appends one JSON line per settled task to WorkerOptions.JournalPath. A thread of the journal's
/// own writes the lines in batches, one write per batch and no buffer kept after it; a settlement
/// completes on that thread once the write that carried its line returned, and the ack waits for
/// that, so a killed worker loses only lines of tasks it had not acked (the broker redelivers
/// those). The thread sleeps on an event, not a spinning semaphore: spinning between batches took
/// a sixth of a no-op worker's CPU (perf, noop bench).
/// Why not write on the settling thread: on a disk the broker also syncs, one 300-byte write
/// blocked for 2-15 ms dozens of times a second (`perf trace` of a no-op bench worker), and each
/// blocked one of the few thread-pool threads the slots run on, with the others queued on the lock.
/// Lines are serialised by source-generated code into a reused per-thread buffer: with reflection
/// and a StreamWriter the journal took 15% of a no-op worker's CPU (perf, noop bench).
/// </summary>
public sealed class JournalObserver : IExecutionObserver, IDisposable
{
    [ThreadStatic]
    private static LineBuffer? t_line;

    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private readonly AutoResetEvent _batchStarted = new(initialState: false);
    private readonly Thread _writer;

    // Lines waiting for the writer, and the task their settlements wait on (guarded by _gate).
    private ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private TaskCompletionSource _pendingWritten = NewBatch();
    private bool _disposed;

    // The batch being written: the writer thread's alone.
    private ArrayBufferWriter<byte> _writing = new(64 * 1024);

    public JournalObserver(string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        _file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        _writer = new Thread(WriteBatches) { IsBackground = true, Name = "journal writer" };
        _writer.Start();
    }

    public ValueTask OnSettledAsync(ExecutionRecord record)
    {
        var line = (t_line ??= new LineBuffer()).Serialize(record);
        Task written;
        bool startsBatch;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            startsBatch = _pending.WrittenCount == 0;
            _pending.Write(line);
            written = _pendingWritten.Task;
        }

        if (startsBatch)
        {
            _batchStarted.Set();
        }

        return new ValueTask(written);
    }

    /// <summary>Writes what is pending once a batch started; after Dispose, what is left, then ends.</summary>
    private void WriteBatches()
    {
        while (true)
        {
            _batchStarted.WaitOne();
            ArrayBufferWriter<byte> batch;
            TaskCompletionSource written;
            bool last;
            lock (_gate)
            {
                batch = _pending;
                (_pending, _writing) = (_writing, batch);
                written = _pendingWritten;
                _pendingWritten = NewBatch();
                last = _disposed;
            }

            if (batch.WrittenCount > 0)
            {
                try
                {
                    _file.Write(batch.WrittenSpan);
                    written.TrySetResult();
                }
                catch (Exception ex)
                {
                    written.TrySetException(ex);
                }

                batch.ResetWrittenCount();
            }

            if (last)
            {
                _file.Dispose();
                return;
            }
        }
    }

    /// <summary>
    /// Writes the lines still pending, then closes the file. Called on the writer thread (from a
    /// settlement's continuation) it cannot wait for itself: it returns at once, and the writer
    /// writes what is pending and closes the file when the continuation returns.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _batchStarted.Set();
        if (Thread.CurrentThread == _writer)
        {
            return;
        }

        _writer.Join();
        _batchStarted.Dispose();
    }

    // Settlements resume on the writer thread, right after their batch's write: the engine's
    // continuation only hands its ack to the channel's next flush, and a thread-pool work item
    // per line cost more.
    // So a continuation must be short and must never wait there for another settlement.
    private static TaskCompletionSource NewBatch() => new();

    /// <summary>One thread's serialisation buffer and writer, reused for every line.</summary>
    private sealed class LineBuffer
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(512);
        private readonly Utf8JsonWriter _json;

        public LineBuffer() => _json = new Utf8JsonWriter(_buffer);

        public ReadOnlySpan<byte> Serialize(ExecutionRecord record)
        {
            _buffer.ResetWrittenCount();
            _json.Reset(_buffer);
            JsonSerializer.Serialize(_json, record, JournalJson.Default.ExecutionRecord);
            _json.Flush();
            _buffer.Write("\n"u8);
            return _buffer.WrittenSpan;
        }
    }
}

/// <summary>The journal's JSON shape: camelCase, as JsonSerializerDefaults.Web (what readers expect).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ExecutionRecord))]
internal sealed partial class JournalJson : JsonSerializerContext;
