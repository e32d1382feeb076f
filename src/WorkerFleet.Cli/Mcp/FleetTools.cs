using System.ComponentModel;
using System.Security.Cryptography;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Server;
using WorkerFleet.Cli.Control;
using WorkerFleet.Cli.Status;
using WorkerFleet.Contracts;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Mcp;

/// <summary>
/// The fleet's operations as MCP tools, answering in the JSON of `fleet status --json`,
/// `fleet config show|set --json` and `fleet submit --json`. A bad argument or an unanswered
/// request is a tool error (McpException) whose message says what to fix.
/// </summary>
[McpServerToolType]
internal sealed class FleetTools(FleetBroker broker, TimeProvider clock)
{
    private const int MaxWaitMs = 60_000;
    private const int MaxSubmit = 10_000;

    [McpServerTool(Name = "fleet_status", ReadOnly = true)]
    [Description("Workers heard (their heartbeats: slots, busy, held, ready per level, completed, dead-lettered, open breakers), the balancer's settings, and the fallback and dead-letter queues' counts.")]
    public async Task<string> StatusAsync(
        [Description("How long to listen for heartbeats, in ms (workers beat once a second by default).")] int listenMs = 2500,
        CancellationToken ct = default)
    {
        var seen = await StatusReader.ReadAsync(broker.Uri, Wait(listenMs, nameof(listenMs), allowZero: true), clock, ct);
        return JsonSerializer.Serialize(StatusView.ToJson(seen), CliOutput.Json);
    }

    [McpServerTool(Name = "fleet_config_show", ReadOnly = true)]
    [Description("The balancing settings in force (strategy, steal threshold, tolerance, ...), as the active balancer announces them.")]
    public async Task<string> ConfigShowAsync(
        [Description("Longest wait for the balancer's next announcement, in ms.")] int timeoutMs = 5000,
        CancellationToken ct = default)
    {
        var wait = Wait(timeoutMs, nameof(timeoutMs));
        await using var client = await FleetConfigClient.StartAsync(broker.Uri, ct);
        return Answer(await client.ShowAsync(wait, clock, ct), wait, "announced its settings");
    }

    [McpServerTool(Name = "fleet_config_set", Idempotent = true)]
    [Description("Changes the balancing strategy and/or steal threshold on every balancer and worker at run time; answers the settings in force once the balancer confirms.")]
    public async Task<string> ConfigSetAsync(
        [Description("none, steal, proactive, adaptive or optimal.")] string? strategy = null,
        [Description("A worker is only stolen from while its expected drain exceeds this many ms.")] double? stealThresholdMs = null,
        [Description("Longest wait for the balancer to confirm, in ms.")] int timeoutMs = 5000,
        CancellationToken ct = default)
    {
        if (strategy is null && stealThresholdMs is null)
        {
            throw new McpException("give at least one of strategy, stealThresholdMs");
        }

        if (strategy is not null && !BalancingArguments.StrategyNames.Contains(strategy, StringComparer.OrdinalIgnoreCase))
        {
            throw new McpException($"strategy must be one of {string.Join(", ", BalancingArguments.StrategyNames)} (got '{strategy}')");
        }

        if (stealThresholdMs is { } threshold && new BalancingOptions { StealThresholdMs = threshold }.Validate() is { Count: > 0 } errors)
        {
            throw new McpException($"stealThresholdMs {threshold} is not valid: {string.Join("; ", errors)}");
        }

        var wait = Wait(timeoutMs, nameof(timeoutMs));
        var change = new ChangeFleetConfig { Strategy = strategy?.ToLowerInvariant(), StealThresholdMs = stealThresholdMs };
        await using var client = await FleetConfigClient.StartAsync(broker.Uri, ct);
        return Answer(await client.ChangeAsync(change, wait, clock, ct), wait, "confirmed the change");
    }

    [McpServerTool(Name = "fleet_submit")]
    [Description("Submits tasks of one kind (persistent, confirmed by the broker), each with its own id; answers how many and their ids.")]
    public async Task<string> SubmitAsync(
        [Description("The task kind; a worker needs a handler for it (built in: noop, sleep).")] string kind,
        [Description("How many tasks, 1 to 10000.")] int count = 1,
        [Description("critical, high, normal or low.")] string level = "normal",
        [Description("Tasks with the same key go to the same worker while the fleet is balanced.")] string? affinityKey = null,
        [Description("The payload as JSON, e.g. {\"ms\": 20} for sleep.")] string payloadJson = "{}",
        CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(kind))
        {
            throw new McpException("kind must not be empty");
        }

        if (count is < 1 or > MaxSubmit)
        {
            throw new McpException($"count must be between 1 and {MaxSubmit} (got {count})");
        }

        if (!TaskLevels.TryParse(level, out var taskLevel))
        {
            throw new McpException($"level must be one of critical, high, normal, low (got '{level}')");
        }

        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            payload = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new McpException($"payloadJson is not valid JSON: {ex.Message}");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        var tasks = Enumerable.Range(1, count)
            .Select(n => new FleetTask { Id = $"{prefix}-{n}", Kind = kind, Level = taskLevel, AffinityKey = affinityKey, Payload = payload })
            .ToList();
        await using var client = await FleetClient.ConnectAsync(broker.Uri, clock: clock, ct: ct);
        await client.SubmitBatchAsync(tasks, ct: ct);
        return JsonSerializer.Serialize(new { submitted = count, firstId = tasks[0].Id, lastId = tasks[^1].Id }, CliOutput.Json);
    }

    [McpServerTool(Name = "fleet_dead_letters", ReadOnly = true)]
    [Description("Tasks in the dead-letter queue, oldest first, with the reason they could not run (malformed, unknown-kind, handler-failed, timeout, ...), the worker, attempts and detail. They stay in the queue.")]
    public async Task<string> DeadLettersAsync(
        [Description("How many to show, 1 to 1000.")] int max = 20,
        CancellationToken ct = default)
    {
        if (max is < 1 or > 1000)
        {
            throw new McpException($"max must be between 1 and 1000 (got {max})");
        }

        return JsonSerializer.Serialize(new { deadLetters = await DeadLetters.PeekAsync(broker.Uri, max, ct) }, CliOutput.Json);
    }

    [McpServerTool(Name = "fleet_dead_replay")]
    [Description("Sends dead-lettered tasks back through fleet.tasks once their cause is fixed (say, a handler deployed); the others stay. Answers how many were replayed.")]
    public async Task<string> DeadReplayAsync(
        [Description("Replay only dead letters with this reason; default every reason.")] string? reason = null,
        [Description("Replay only the task with this id.")] string? taskId = null,
        [Description("Most to replay, at least 1.")] int max = MaxSubmit,
        CancellationToken ct = default)
    {
        if (max < 1)
        {
            throw new McpException($"max must be at least 1 (got {max})");
        }

        var filter = DeadLetters.Filter(reason is null ? [] : [reason], taskId is null ? [] : [taskId]);
        var replayed = await DeadLetters.ReplayAsync(broker.Uri, filter, max, progress: null, ct);
        return JsonSerializer.Serialize(new { replayed }, CliOutput.Json);
    }

    private static TimeSpan Wait(int ms, string name, bool allowZero = false) =>
        ms >= (allowZero ? 0 : 1) && ms <= MaxWaitMs
            ? TimeSpan.FromMilliseconds(ms)
            : throw new McpException($"{name} must be between {(allowZero ? 0 : 1)} and {MaxWaitMs} (got {ms})");

    private string Answer(FleetConfigChanged? config, TimeSpan waited, string what) =>
        config is not null
            ? JsonSerializer.Serialize(config, CliOutput.Json)
            : throw new McpException($"no balancer {what} within {waited.TotalMilliseconds:0} ms on {CliOutput.Describe(broker.Uri)}: is 'fleet balancer' running?");
}
