namespace WorkerFleet.Runtime;

/// <summary>Told of every task a worker settled (completed or dead-lettered). Must not block.</summary>
public interface IExecutionObserver
{
    void OnSettled(ExecutionRecord record);
}
