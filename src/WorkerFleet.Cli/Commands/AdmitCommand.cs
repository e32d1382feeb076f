using System.CommandLine;
using System.Globalization;
using MassTransit;
using WorkerFleet.Cli.Control;
using WorkerFleet.Contracts;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Commands;

/// <summary>
/// <c>fleet admit</c>: asks the active balancer to admit a periodic critical workload
/// (AdmitPeriodicWorkload, answered by AdmissionAnswered) and prints its decision. The exit code
/// carries the decision, so a script can branch on it.
/// </summary>
internal static class AdmitCommand
{
    /// <summary>The balancer answered and refused the workload (0 means admitted).</summary>
    public const int Refused = 3;

    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "The workload's name; asking again under a name replaces its demand", Required = true }
            .Must(text => !string.IsNullOrWhiteSpace(text), "must not be empty");
        var costMs = new Option<double>("--cost-ms") { Description = "Run time of one task of the workload, in ms", Required = true }
            .Must(ms => ms > 0 && double.IsFinite(ms), "must be a number > 0");
        var periodMs = new Option<double>("--period-ms") { Description = "One task every this many ms (its deadline is the next period)", Required = true }
            .Must(ms => ms > 0 && double.IsFinite(ms), "must be a number > 0");
        var timeout = new Option<int>("--timeout-ms") { Description = "Longest wait for the balancer's answer", DefaultValueFactory = _ => 5000 }
            .Must(ms => ms >= 1, "must be at least 1");
        var json = CliOptions.Json();
        var command = new Command("admit", "Ask the balancer to admit a periodic critical workload; exit code 0 admitted, 3 refused, 1 no answer")
        {
            name, costMs, periodMs, timeout, json,
        };
        command.SetAction(FleetAction.Guard(async (parse, ct) =>
        {
            var request = new AdmitPeriodicWorkload
            {
                Name = parse.GetRequiredValue(name),
                CostMs = parse.GetValue(costMs),
                PeriodMs = parse.GetValue(periodMs),
            };
            var wait = TimeSpan.FromMilliseconds(parse.GetValue(timeout));
            var broker = FleetConnections.FromEnvironment();
            await using var bus = await ControlBus.StartAsync(broker, "fleet-admit", _ => { }, _ => { }, ct);

            // Published, and so answered by the active balancer only (its queue is single-active-consumer);
            // the request expires with the timeout instead of waiting for a later balancer.
            var client = bus.Bus.CreateRequestClient<AdmitPeriodicWorkload>(RequestTimeout.After(ms: (int)wait.TotalMilliseconds));
            AdmissionAnswered answer;
            try
            {
                answer = (await client.GetResponse<AdmissionAnswered>(request, ct)).Message;
            }
            catch (RequestTimeoutException)
            {
                return CliOutput.Fail($"no balancer answered within {wait.TotalMilliseconds:0} ms on {CliOutput.Describe(broker)}: is 'fleet balancer' running?");
            }
            catch (RequestFaultException ex)
            {
                return CliOutput.Fail($"the balancer failed to decide: {ex.Fault?.Exceptions.FirstOrDefault()?.Message ?? ex.Message}");
            }

            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new
                {
                    name = answer.Name,
                    admitted = answer.Admitted,
                    utilisationBefore = Finite(answer.UtilisationBefore),
                    utilisationAfter = Finite(answer.UtilisationAfter),
                    fleetCapacity = Finite(answer.FleetCapacity),
                    reason = answer.Reason,
                });
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(answer.Admitted ? "admitted" : "refused")} {answer.Name}: utilisation {Show(answer.UtilisationBefore)} -> "
                    + $"{Show(answer.UtilisationAfter)}, capacity {Show(answer.FleetCapacity)} (slots x speed)"));
                Console.WriteLine($"reason: {answer.Reason}");
            }

            return answer.Admitted ? ExitCodes.Ok : Refused;
        }));
        return command;
    }

    /// <summary>Utilisation is infinite when the fleet has no capacity; JSON has no infinity, so it prints as null.</summary>
    private static double? Finite(double value) => double.IsFinite(value) ? CliOutput.Round(value, 6) : null;

    private static string Show(double value) => double.IsFinite(value) ? value.ToString("0.###", CultureInfo.InvariantCulture) : "infinite";
}
