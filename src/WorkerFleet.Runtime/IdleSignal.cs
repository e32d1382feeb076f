namespace WorkerFleet.Runtime;

/// <summary>
/// Raised by the engine when a slot is free and nothing is held or waiting in the fallback queues;
/// the steal requester waits on it. Raising it again before it is taken changes nothing.
/// </summary>
public sealed class IdleSignal
{
    private readonly SemaphoreSlim _raised = new(0, 1);

    public void Raise()
    {
        if (_raised.CurrentCount == 0)
        {
            try
            {
                _raised.Release();
            }
            catch (SemaphoreFullException)
            {
                // Raised concurrently: once is enough.
            }
        }
    }

    public Task WaitAsync(CancellationToken ct) => _raised.WaitAsync(ct);
}
