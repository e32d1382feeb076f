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

    /// <summary>
    /// Starts a publish (whose task completes on its confirm) once fewer than the window's size are
    /// awaiting theirs: it first waits for the oldest when the window is full. Started only then, so
    /// the channel never has more than the window's size unconfirmed. One more reached the client's
    /// rate limiter's throttling point (half of its permits in use), where it delays a publish by
    /// half a second (FleetConnections.CreateConfirmedChannelAsync); the benchmarks' publishers
    /// showed single stalls of 250-450 ms.
    /// </summary>
    public async Task AddAsync(Func<ValueTask> publish)
    {
        if (_pending.Count == size)
        {
            await ConfirmOldestAsync();
        }

        _pending.Enqueue(publish().AsTask());
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
        // Not inside progress?.Report(...), which skips its argument when there is no progress.
        var confirmed = Interlocked.Increment(ref _confirmed);
        progress?.Report(confirmed);
    }
}
