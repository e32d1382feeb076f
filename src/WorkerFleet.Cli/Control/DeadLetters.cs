using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Control;

/// <summary>The dead-letter queue on its own connection, for `fleet dead` and the MCP tools.</summary>
internal static class DeadLetters
{
    public static async Task<IReadOnlyList<DeadLetter>> PeekAsync(Uri broker, int max, CancellationToken ct)
    {
        await using var connection = await FleetConnections.ConnectAsync(broker, "fleet-dead", ct);
        return await new DeadLetterQueue(connection).PeekAsync(max, ct);
    }

    public static async Task<int> ReplayAsync(Uri broker, Func<DeadLetter, bool> matches, int max, IProgress<int>? progress, CancellationToken ct)
    {
        await using var connection = await FleetConnections.ConnectAsync(broker, "fleet-dead", ct);
        return await new DeadLetterQueue(connection).ReplayAsync(matches, max, progress, ct);
    }

    /// <summary>Dead letters with one of <paramref name="reasons"/> and one of <paramref name="ids"/>; an empty list allows any.</summary>
    public static Func<DeadLetter, bool> Filter(IReadOnlyCollection<string> reasons, IReadOnlyCollection<string> ids) =>
        letter => (reasons.Count == 0 || reasons.Contains(letter.Reason, StringComparer.Ordinal))
            && (ids.Count == 0 || ids.Contains(letter.TaskId, StringComparer.Ordinal));
}
