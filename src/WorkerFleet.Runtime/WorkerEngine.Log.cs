using Microsoft.Extensions.Logging;

namespace WorkerFleet.Runtime;

public sealed partial class WorkerEngine
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Worker {WorkerId} consuming with {Slots} slots; kinds: {Kinds}")]
    private partial void LogStarted(string workerId, int slots, IReadOnlyCollection<string> kinds);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Information, Message = "Warmed up in {ElapsedMs:0} ms")]
    private partial void LogWarmedUp(double elapsedMs);

    [LoggerMessage(EventId = 1018, Level = LogLevel.Warning, Message = "Warm-up failed; starting without it")]
    private partial void LogWarmUpFailed(Exception exception);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Task {TaskId} dead-lettered: {Reason} ({Detail})")]
    private partial void LogDeadLettered(string taskId, string reason, string? detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Message {MessageId} rejected at once: {Reason} ({Detail})")]
    private partial void LogRejected(string messageId, string reason, string detail);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Could not settle task {TaskId}; the broker will redeliver it")]
    private partial void LogSettleFailed(string taskId, Exception exception);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Execution observer {Observer} failed")]
    private partial void LogObserverFailed(string observer, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Task {TaskId} abandoned by a drain timeout; requeued")]
    private partial void LogAbandoned(string taskId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Worker {WorkerId} draining: unbinding, finishing running tasks")]
    private partial void LogDraining(string workerId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Worker {WorkerId}: drain timeout with {Running} tasks still running; abandoning them")]
    private partial void LogDrainTimedOut(string workerId, int running);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Worker {WorkerId}: {Remaining} queues not empty after hand-off round {Round}")]
    private partial void LogQueuesNotEmpty(string workerId, int remaining, int round);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Warning, Message = "Worker {WorkerId}: a peer still holds a task taken from its queues; leaving them (empty, unbound) rather than losing it")]
    private partial void LogQueuesHeldByPeers(string workerId);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Information, Message = "Worker {WorkerId} stopped: {Completed} completed, {HandedOff} handed off")]
    private partial void LogStopped(string workerId, long completed, long handedOff);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Debug, Message = "Worker {WorkerId}: prefetch per level queue now {Prefetch} (service time {ServiceMs:F3} ms)")]
    private partial void LogPrefetchChanged(string workerId, int prefetch, double serviceMs);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Worker {WorkerId}: could not move the prefetch to {Prefetch}; keeping the old one")]
    private partial void LogPrefetchChangeFailed(string workerId, int prefetch, Exception exception);

    [LoggerMessage(EventId = 1019, Level = LogLevel.Information, Message = "Worker {WorkerId} hearing {Which} heartbeats (no balancer answered, or stopping)")]
    private partial void LogHearingPeers(string workerId, string which);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Worker {WorkerId} no longer hearing a sample of its peers' heartbeats (a balancer answered)")]
    private partial void LogNotHearingPeers(string workerId);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Worker {WorkerId} could not hear its peers; leaving its queues (empty, unbound) rather than risk a task a peer holds")]
    private partial void LogPeersNotHeard(string workerId, Exception exception);
}
