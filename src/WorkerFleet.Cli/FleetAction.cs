using System.CommandLine;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli;

/// <summary>
/// Wraps a command's body so that failures a user can act on (broker unreachable or refusing,
/// FLEET_RABBITMQ malformed, settings invalid) end with one line on stderr, not a stack trace.
/// </summary>
internal static class FleetAction
{
    public static Func<ParseResult, CancellationToken, Task<int>> Guard(Func<ParseResult, CancellationToken, Task<int>> body) =>
        async (parse, ct) =>
        {
            try
            {
                return await body(parse, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await Console.Error.WriteLineAsync("fleet: interrupted");
                return ExitCodes.Interrupted;
            }
            catch (BrokerUnreachableException ex)
            {
                return CliOutput.Fail($"cannot reach the broker at {CliOutput.Describe(FleetConnections.FromEnvironment())} "
                    + $"(set FLEET_RABBITMQ): {ex.GetBaseException().Message}");
            }
            catch (OperationInterruptedException ex)
            {
                return CliOutput.Fail($"the broker refused: {ex.ShutdownReason?.ReplyText ?? ex.Message}");
            }
            catch (ArgumentException ex) when (ex.ParamName == "FLEET_RABBITMQ")
            {
                return CliOutput.Fail(ex.Message);
            }
            catch (TimeoutException ex)
            {
                return CliOutput.Fail(ex.Message);
            }
            catch (OptionsValidationException ex)
            {
                foreach (var failure in ex.Failures)
                {
                    CliOutput.Fail($"invalid setting: {failure}");
                }

                return ExitCodes.Failed;
            }
        };
}
