using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    /// <summary>Room for critical tasks beyond the slots (<see cref="WorkerOptions.CriticalHeadroom"/>).</summary>
    private readonly SemaphoreSlim _headroom = new(options.Value.CriticalHeadroom, Math.Max(1, options.Value.CriticalHeadroom));

    /// <summary>Critical tasks running in the headroom now.</summary>
    private int HeadroomBusy => _options.CriticalHeadroom - _headroom.CurrentCount;

    /// <summary>
    /// Starts held critical tasks in the headroom while every slot runs a task: a critical task then
    /// waits for its delivery only, not for a low task to end (which on a 2-slot worker running
    /// 10 ms tasks in step was a whole task: p99 17 ms). Admission control bounds how much critical
    /// work there is, so the headroom stays a lane, not more slots.
    /// </summary>
    private void StartCriticalInHeadroom()
    {
        while (_running.Count - HeadroomBusy >= _options.Slots && _headroom.Wait(0))
        {
            HeldTask? next = null;
            lock (_schedulerGate)
            {
                // The scheduler hands out critical tasks first, so a critical count means a critical next.
                if (!_closedToArrivals && _scheduler.CountOf(TaskLevel.Critical) > 0 && _scheduler.TryDequeue(clock.GetUtcNow(), out var held))
                {
                    next = held;
                }
            }

            if (next is null)
            {
                _headroom.Release();
                return;
            }

            StartRunning(next, inHeadroom: true);
        }
    }

    /// <summary>Registers the task as running before it starts: one that ends at once must find itself to remove.</summary>
    private void StartRunning(HeldTask held, bool inHeadroom)
    {
        var slotGivenBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _running[held] = slotGivenBack.Task;
        _ = RunSlotAsync(held, inHeadroom, slotGivenBack);
    }
}
