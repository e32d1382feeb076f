using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WorkerFleet.Cli.Mcp;
using WorkerFleet.Messaging;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet mcp</c>: serves the fleet's operations (<see cref="FleetTools"/>) as Model Context
/// Protocol tools over stdio, for an AI assistant to run the fleet with. stdout carries the
/// protocol, so logs go to stderr. Ends when the client closes stdin.
/// </summary>
internal static class McpCommand
{
    public static Command Create()
    {
        var command = new Command("mcp", "Serve the fleet's operations as MCP tools over stdio: status, config show/set, submit (broker from FLEET_RABBITMQ)");
        command.SetAction(FleetAction.Guard((_, ct) => RunAsync(ct)));
        return command;
    }

    private static async Task<int> RunAsync(CancellationToken ct)
    {
        // No args: the command line is this command's, not configuration.
        var builder = FleetHost.CreateBuilder();
        builder.Logging.AddFleetConsole(LogLevel.Warning);
        builder.Services.AddSingleton(new FleetBroker(FleetConnections.FromEnvironment()));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddMcpServer(server => server.ServerInfo = new() { Name = "workerfleet", Version = "1.0.0" })
            .WithStdioServerTransport()
            .WithTools<FleetTools>();
        using var host = builder.Build();
        await host.RunAsync(ct);
        return ExitCodes.Ok;
    }
}
