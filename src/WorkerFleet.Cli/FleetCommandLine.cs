using System.CommandLine;
using WorkerFleet.Cli.Commands;

namespace WorkerFleet.Cli;

/// <summary>The root command: parses, reports bad arguments with exit code 2, invokes one command.</summary>
internal static class FleetCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var worker = WorkerCommand.Create();
        var balancer = BalancerCommand.Create();
        var root = new RootCommand("WorkerFleet: run workers, submit tasks, watch the fleet, report on journals. Broker: FLEET_RABBITMQ.")
        {
            worker,
            balancer,
            TopologyCommand.Create(),
            SubmitCommand.Create(),
            WorkloadCommand.Create(),
            StatusCommand.Create(),
            ReportCommand.Create(),
            ConfigCommand.Create(),
            AdmitCommand.Create(),
            BenchCommand.Create(),
            SimulateCommand.Create(),
            DeadCommand.Create(),
            McpCommand.Create(),
        };

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // The parser's own error action exits with 1; bad arguments are exit code 2 here.
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"fleet: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'fleet --help' or 'fleet COMMAND --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            // The worker's and balancer's hosts handle SIGTERM and Ctrl-C themselves (the worker drains for
            // up to its drain timeout); the parser's handler would end the process 2 s after the signal.
            ProcessTerminationTimeout = parse.CommandResult.Command == worker || parse.CommandResult.Command == balancer ? null : TimeSpan.FromSeconds(2),
        };
        return await parse.InvokeAsync(invocation);
    }
}
