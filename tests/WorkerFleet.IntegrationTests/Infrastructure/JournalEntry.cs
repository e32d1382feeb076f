namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>The fields of a worker journal line the process-level tests look at.</summary>
public sealed record JournalEntry(string TaskId, string Outcome, string SourceQueue, bool FromOwnQueue, long StartedAtMs);
