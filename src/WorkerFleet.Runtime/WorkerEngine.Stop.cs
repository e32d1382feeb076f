using WorkerFleet.Messaging;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    /// <summary>How often a drain retries moving what is left before it gives up on deleting a queue.</summary>
    private const int HandOffRounds = 3;

    /// <summary>Graceful stop (SIGTERM): nothing is lost, nothing runs twice.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_connection is null || _control is null || _consumer is null || Draining)
        {
            return;
        }

        Draining = true;
        var id = _options.Id;
        LogDraining(id);

        // 1. No new task is routed here; the hash ring gives this worker's keys to its peers.
        var ownQueues = _options.SharedQueue is null;
        var peersHeard = false;
        if (ownQueues)
        {
            await FleetTopology.UnbindWorkerQueuesAsync(_control, id, _options.EffectiveRingWeight, cancellationToken);

            // Releasing the queues in step 4 needs every peer's heartbeat: hear them from now on.
            peersHeard = await TryHearEveryPeerAsync(cancellationToken);
        }

        // 2. Stop deliveries and give back what was delivered but has not started.
        await _consumer.CancelAsync(cancellationToken);
        IReadOnlyList<HeldTask> notStarted;
        lock (_schedulerGate)
        {
            _closedToArrivals = true;
            notStarted = _scheduler.RemoveAll();
        }

        await _stopDispatch.CancelAsync();
        await _dispatchLoop;
        await _lookaheadTuner;
        foreach (var held in notStarted)
        {
            await TryRequeueAsync(held.Delivery);
        }

        // 3. Finish what runs; past the drain timeout, abandon it (it is requeued, so it runs elsewhere).
        await FinishRunningAsync(cancellationToken);

        // Closing the consumer channels now settles nothing (all is acked or requeued) but waits
        // for the broker to confirm the requeues, so the queues below show every task.
        await _consumer.CloseAsync(cancellationToken);

        // 4. Hand what is still queued for this worker back to fleet.tasks, then delete the queues
        //    once no peer holds a task it took from them.
        var release = QueueRelease.ForWorker(id);
        for (var round = 1; ownQueues && round <= HandOffRounds; round++)
        {
            HandedOff += await HandOffOwnQueuesAsync(cancellationToken);
            if (!peersHeard)
            {
                break;
            }

            if (!await PeersSettledAsync(release, cancellationToken))
            {
                LogQueuesHeldByPeers(id);
                break;
            }

            var remaining = await FleetTopology.DeleteIdleWorkerQueuesAsync(_connection, id, _options.QueueType, cancellationToken);
            if (remaining == 0)
            {
                break;
            }

            LogQueuesNotEmpty(id, remaining, round);
        }

        LogStopped(id, counters.Completed, HandedOff);
    }

    private async Task FinishRunningAsync(CancellationToken cancellationToken)
    {
        var running = Task.WhenAll(_running.Values);
        try
        {
            await running.WaitAsync(_options.DrainTimeout, clock, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            LogDrainTimedOut(_options.Id, _running.Count);
            await _abandonRunning.CancelAsync();
            await AtMostFiveSecondsAsync(_running.Values);
        }

        // Completed tasks still being recorded and acked: closing their channel now would requeue them.
        // The last ack may complete on a channel's flushing thread: the stop goes on elsewhere.
        await AtMostFiveSecondsAsync(_settling.Values).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
    }

    /// <summary>Waits for the tasks, at most five seconds, whatever they end with.</summary>
    private Task AtMostFiveSecondsAsync(ICollection<Task> tasks) =>
        Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5), clock, CancellationToken.None)
            .ContinueWith(_ => { }, TaskScheduler.Default);

    /// <summary>
    /// Waits until no peer holds a task taken from this worker's queues (their heartbeats say so),
    /// at most four heartbeat intervals once every peer could be heard; false when one still does
    /// (a long task it stole).
    /// </summary>
    private async Task<bool> PeersSettledAsync(QueueRelease release, CancellationToken ct)
    {
        await AwaitEveryPeerHeardAsync(ct);
        release.Reset();
        var until = clock.GetUtcNow() + (4 * _options.HeartbeatInterval);
        while (!release.Settled(peers.Fresh()))
        {
            if (clock.GetUtcNow() >= until)
            {
                return false;
            }

            await Task.Delay(_options.HeartbeatInterval / 5, clock, ct);
        }

        return true;
    }

    /// <summary>False when the binding failed: without every peer's heartbeat the queues are left in place.</summary>
    private async Task<bool> TryHearEveryPeerAsync(CancellationToken ct)
    {
        try
        {
            await HearEveryPeerAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPeersNotHeard(_options.Id, ex);
            return false;
        }
    }

    private async Task<long> HandOffOwnQueuesAsync(CancellationToken ct)
    {
        long moved = 0;
        foreach (var level in TaskLevels.All)
        {
            var queue = BrokerNames.WorkerQueue(_options.Id, level);
            while (await _reader!.TryGetAsync(queue, level, ct) is { } delivery)
            {
                await _republisher!.HandOffAsync(delivery, ct);
                moved++;
            }
        }

        return moved;
    }

    public async ValueTask DisposeAsync()
    {
        // The host disposes the engine once per registration (it is also the hosted service).
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Without a graceful stop (start-up failed) the background loops still run: end them first.
        await _stopDispatch.CancelAsync();
        await _dispatchLoop;
        await _lookaheadTuner;
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync();
        }

        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }

        if (_probe is not null)
        {
            await _probe.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _stopDispatch.Dispose();
        _abandonRunning.Dispose();
        _headroom.Dispose();
        _lookaheadStale.Dispose();
        _hearingGate.Dispose();
    }
}
