using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    private readonly LookaheadPolicy _lookahead = options.Value.Lookahead;

    /// <summary>Raised by a completion whose service time asks for another prefetch.</summary>
    private readonly SemaphoreSlim _lookaheadStale = new(0, 1);

    /// <summary>The prefetch <see cref="WorkerOptions.Lookahead"/> asks for at the measured service time.</summary>
    private int LookaheadTarget => _lookahead.Prefetch(_options.Slots, counters.EwmaServiceMs);

    /// <summary>
    /// After a completion: wakes the tuner when the level queues' prefetch is a factor of two off
    /// what the service time asks for (<see cref="LookaheadPolicy.ShouldChange"/>). Checked per
    /// completion, not on a timer, so a worker that starts on a burst of short tasks raises its
    /// prefetch after a few of them, before a backlog builds in the broker.
    /// </summary>
    private void CheckLookahead()
    {
        if (_consumer is { } consumer && _options.SharedQueue is null && _lookaheadStale.CurrentCount == 0
            && LookaheadPolicy.ShouldChange(consumer.Prefetch, LookaheadTarget))
        {
            try
            {
                _lookaheadStale.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another completion raised it first.
            }
        }
    }

    /// <summary>Moves the level queues' prefetch when a completion says it is stale. Ends with the dispatch loop.</summary>
    private async Task TuneLookaheadAsync()
    {
        var stop = _stopDispatch.Token;
        try
        {
            while (true)
            {
                await _lookaheadStale.WaitAsync(stop);
                var target = LookaheadTarget;
                if (!LookaheadPolicy.ShouldChange(_consumer!.Prefetch, target))
                {
                    continue;
                }

                try
                {
                    await _consumer.SetPrefetchAsync(checked((ushort)target), stop);
                    LogPrefetchChanged(_options.Id, target, counters.EwmaServiceMs);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A closed channel (broker restart, connection recovery): keep the old prefetch, try at the next completion.
                    LogPrefetchChangeFailed(_options.Id, target, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
