using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    /// <summary>
    /// Runs <paramref name="first"/> in a slot (or in the critical headroom) and keeps the slot while
    /// the scheduler holds more: the next task starts here as soon as one ends. Giving the slot back to
    /// the dispatch loop for every task cost two thread-pool hops (waking the loop, then the new
    /// runner's yield) between a task's end and the next start, 0.3-0.9 ms on the 2-core bench machine.
    /// <paramref name="done"/> completes when the slot is given back (what a drain waits for).
    /// </summary>
    private async Task RunSlotAsync(HeldTask first, bool inHeadroom, TaskCompletionSource done)
    {
        await Task.Yield();
        var held = first;
        try
        {
            while (true)
            {
                HeldTask? next = null;
                try
                {
                    await RunOneAsync(held);

                    // Headroom is for criticals that found every slot busy, not a slot of its own.
                    if (!inHeadroom && !_stopDispatch.IsCancellationRequested && TryTakeNext(out var taken))
                    {
                        // Registered before the last one leaves, so a drain never sees this slot empty.
                        next = taken;
                        _running[next] = done.Task;
                    }
                }
                finally
                {
                    _running.TryRemove(held, out _);
                }

                if (next is null)
                {
                    break;
                }

                held = next;
            }
        }
        finally
        {
            if (inHeadroom)
            {
                _headroom.Release();
                StartCriticalInHeadroom();
            }
            else
            {
                _slots.Release();
            }

            done.TrySetResult();
        }
    }

    private async Task RunOneAsync(HeldTask held)
    {
        var started = clock.GetUtcNow();
        try
        {
            var result = await executor.ExecuteAsync(held.Task, _abandonRunning.Token);
            var ended = clock.GetUtcNow();
            if (result.Succeeded)
            {
                // The slot goes on at once; the ack follows the record (see AckOnceRecordedAsync).
                var settling = AckOnceRecordedAsync(held, result, started, ended);
                if (!settling.IsCompleted)
                {
                    _settling[held] = settling;
                    _ = settling.ContinueWith(_ => _settling.TryRemove(held, out Task? _), CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                }
            }
            else if (result.Outcome == ExecutionResult.HandedBack)
            {
                await HandBackAsync(held.Delivery, held.Task);
            }
            else
            {
                await _republisher!.DeadLetterAsync(held.Delivery, result.Outcome, result.Detail ?? result.Outcome, result.Attempts, CancellationToken.None);
                counters.RecordDeadLettered(result.Outcome);
                LogDeadLettered(held.Task.Id, result.Outcome, result.Detail);
                await NotifyAsync(held.Delivery, held.Task, result.Outcome, result.Attempts, started, ended);
            }
        }
        catch (OperationCanceledException) when (_abandonRunning.IsCancellationRequested)
        {
            LogAbandoned(held.Task.Id);
            await TryRequeueAsync(held.Delivery);
        }
        catch (Exception ex)
        {
            // The channel closed before the ack: the broker redelivers the task (at-least-once).
            LogSettleFailed(held.Task.Id, ex);
        }
    }

    /// <summary>
    /// Records a completed task, then acks it. Recorded before the ack: the task ran whether or not
    /// its ack arrives. A worker killed between the two would otherwise leave a completed task
    /// without a record (a churn bench counted one lost); the broker redelivers it, and the second
    /// run is recorded too: the at-least-once duplicate, visible. The slot does not wait for either:
    /// an observer that keeps records on a thread of its own (the journal) resumes this there, so
    /// the acks of a batch of records go out from that thread instead of one thread-pool hop per
    /// task back to the slot (measured: docs/benchmarks.md, noop).
    /// </summary>
    private async Task AckOnceRecordedAsync(HeldTask held, ExecutionResult result, DateTimeOffset started, DateTimeOffset ended)
    {
        try
        {
            await NotifyAsync(held.Delivery, held.Task, result.Outcome, result.Attempts, started, ended);
            await held.Delivery.AckAsync();
            counters.RecordCompleted(ended - started, held.Delivery.FromOwnQueue);
            CheckLookahead();
        }
        catch (Exception ex)
        {
            // The channel closed before the ack: the broker redelivers the task (at-least-once).
            LogSettleFailed(held.Task.Id, ex);
        }
    }

    /// <summary>This worker's breaker for the kind is open: the task goes to its fallback queue for a peer.</summary>
    private async Task HandBackAsync(TaskDelivery delivery, FleetTask task)
    {
        try
        {
            await _republisher!.HandBackAsync(delivery, CancellationToken.None);
            counters.RecordHandedBack();
        }
        catch (Exception ex)
        {
            LogSettleFailed(task.Id, ex);
        }
    }

    private async Task RejectAsync(TaskDelivery delivery, FleetTask? task, string reason, string detail)
    {
        var now = clock.GetUtcNow();
        try
        {
            await _republisher!.DeadLetterAsync(delivery, reason, detail, attempts: 0, CancellationToken.None);
            counters.RecordDeadLettered(reason);
            LogRejected(delivery.MessageId ?? "(no id)", reason, detail);
            await NotifyAsync(delivery, task, reason, 0, now, now);
        }
        catch (Exception ex)
        {
            LogSettleFailed(delivery.MessageId ?? "(no id)", ex);
        }
    }

    private async ValueTask NotifyAsync(TaskDelivery delivery, FleetTask? task, string outcome, int attempts, DateTimeOffset started, DateTimeOffset ended)
    {
        var record = new ExecutionRecord
        {
            TaskId = task?.Id ?? delivery.MessageId ?? string.Empty,
            WorkerId = _options.Id,
            Kind = task?.Kind,
            Level = (task?.Level ?? delivery.QueueLevel).ToWireName(),
            Tenant = task?.Tenant,
            Affinity = delivery.Affinity,
            SourceQueue = delivery.SourceQueue,
            FromOwnQueue = delivery.FromOwnQueue,
            Redelivered = delivery.Redelivered,
            SubmittedAtMs = delivery.SubmittedAtUnixMs,
            StartedAtMs = started.ToUnixTimeMilliseconds(),
            EndedAtMs = ended.ToUnixTimeMilliseconds(),
            Outcome = outcome,
            Attempts = attempts,
        };
        foreach (var observer in _observers)
        {
            try
            {
                await observer.OnSettledAsync(record);
            }
            catch (Exception ex)
            {
                LogObserverFailed(observer.GetType().Name, ex);
            }
        }
    }

    private async Task TryRequeueAsync(TaskDelivery delivery)
    {
        try
        {
            await delivery.RequeueAsync();
        }
        catch (Exception ex)
        {
            LogSettleFailed(delivery.MessageId ?? "(no id)", ex);
        }
    }
}
