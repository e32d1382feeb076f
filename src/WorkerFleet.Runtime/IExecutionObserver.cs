namespace WorkerFleet.Runtime;

/// <summary>
/// Told of every task a worker settled: a completed one as soon as its handler returned, before the
/// ack (so a task that ran is recorded even if the ack never arrives), a dead-lettered one once the
/// dead-letter queue has it. The ack waits for the returned task, so complete it once the record
/// is kept, and never block the calling thread: it is one of the few the worker's slots run on.
/// The slot does not wait: the ack runs where the returned task completes, so an observer that
/// completes it on a thread of its own lends that thread a short continuation (the ack).
/// </summary>
public interface IExecutionObserver
{
    ValueTask OnSettledAsync(ExecutionRecord record);
}
