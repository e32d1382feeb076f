using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.IntegrationTests;

/// <summary>`fleet mcp` as an assistant's MCP client sees it: a separate process over stdio, on the real broker.</summary>
[Collection(BrokerCollection.Name)]
public sealed class McpTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnAssistant_SubmitsTasks_SeesTheWorker_AndChangesTheStrategy()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var balancer = await TestBalancer.StartAsync(vhost.Broker, "steal");
        var observer = new RecordingObserver();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "mcp-w", 2, observer,
            new Dictionary<string, string?> { ["Worker:HeartbeatInterval"] = "00:00:00.250" });
        await using var client = await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "fleet",
            Command = "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "fleet.dll"), "mcp"],
            EnvironmentVariables = new Dictionary<string, string?> { ["FLEET_RABBITMQ"] = vhost.Broker.ToString() },
        }));

        var tools = await client.ListToolsAsync();
        Assert.Equal(["fleet_config_set", "fleet_config_show", "fleet_dead_letters", "fleet_dead_replay", "fleet_status", "fleet_submit"],
            tools.Select(tool => tool.Name).Order(StringComparer.Ordinal));

        var submitted = Json(await CallAsync(client, "fleet_submit", new() { ["kind"] = "noop", ["count"] = 5, ["level"] = "high" }));
        Assert.Equal(5, submitted.GetProperty("submitted").GetInt32());
        await observer.WaitUntilAsync(r => r.Count(x => x.Outcome == "completed" && x.Level == "high") == 5, Timeout, "the 5 submitted tasks to run");

        await client.CallToolAsync("fleet_submit", new Dictionary<string, object?> { ["kind"] = "teleport" });
        await observer.WaitUntilAsync(r => r.Any(x => x.Outcome == DeadLetterReason.UnknownKind), Timeout, "the teleport task to die");
        var dead = Json(await CallAsync(client, "fleet_dead_letters", new() { ["max"] = 10 }));
        Assert.Equal(DeadLetterReason.UnknownKind, Assert.Single(dead.GetProperty("deadLetters").EnumerateArray()).GetProperty("reason").GetString());

        var status = Json(await CallAsync(client, "fleet_status", new() { ["listenMs"] = 1000 }));
        var heard = Assert.Single(status.GetProperty("workers").EnumerateArray());
        Assert.Equal("mcp-w", heard.GetProperty("workerId").GetString());
        Assert.Equal("steal", status.GetProperty("config").GetProperty("strategy").GetString());

        var changed = Json(await CallAsync(client, "fleet_config_set", new() { ["strategy"] = "adaptive" }));
        Assert.Equal("adaptive", changed.GetProperty("strategy").GetString());
        Assert.Equal(BalancingStrategy.Adaptive, balancer.Settings.Current.Strategy);

        var refused = await client.CallToolAsync("fleet_config_set", new Dictionary<string, object?> { ["strategy"] = "fastest" });
        Assert.True(refused.IsError);
        Assert.Contains("strategy must be one of", Text(refused), StringComparison.Ordinal);
        Assert.Equal(BalancingStrategy.Adaptive, balancer.Settings.Current.Strategy);
    }

    private static async Task<CallToolResult> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.False(result.IsError ?? false, $"{tool}: {Text(result)}");
        return result;
    }

    private static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    private static JsonElement Json(CallToolResult result)
    {
        using var document = JsonDocument.Parse(Text(result));
        return document.RootElement.Clone();
    }
}
