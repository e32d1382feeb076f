namespace WorkerFleet.Transport;

/// <summary>
/// Keeps at most <paramref name="size"/> publishes awaiting their broker confirm: the SDK's
/// SubmitBatchAsync, the bench's submissions and its raw ceiling all publish through one, alike.
/// <paramref name="progress"/> hears the confirmed count after each confirm.
/// </summary>
public sealed class ConfirmWindow(int size, IProgress<int>? progress = null)
{
    private readonly Queue<Task> _pending = new(size);
    private int _confirmed;

    /// <summary>Publishes confirmed so far (read by progress lines from another thread).</summary>
    public int Confirmed => Volatile.Read(ref _confirmed);

    /// <summary>Adds a publish whose task completes on its confirm; first waits for the oldest when the window is full.</summary>
    public async Task AddAsync(ValueTask publish)
    {
        if (_pending.Count == size)
        {
            await ConfirmOldestAsync();
        }

        _pending.Enqueue(publish.AsTask());
    }

    /// <summary>Waits for every publish still awaiting its confirm.</summary>
    public async Task DrainAsync()
    {
        while (_pending.Count > 0)
        {
            await ConfirmOldestAsync();
        }
    }

    private async Task ConfirmOldestAsync()
    {
        await _pending.Dequeue();
        progress?.Report(Interlocked.Increment(ref _confirmed));
    }
}
