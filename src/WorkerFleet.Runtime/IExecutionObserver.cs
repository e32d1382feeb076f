namespace WorkerFleet.Runtime;

/// <summary>
/// Told of every task a worker settled: a completed one as soon as its handler returned, before the
/// ack (so a task that ran is recorded even if the ack never arrives), a dead-lettered one once the
/// dead-letter queue has it. Must not block.
/// </summary>
public interface IExecutionObserver
{
    void OnSettled(ExecutionRecord record);
}
