using System.CommandLine;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli;

/// <summary>Options several commands share, and validators whose messages name the option.</summary>
internal static class CliOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object (camelCase) instead of text" };

    /// <summary>No default: null means "not given" (the worker then keeps its configuration's value).</summary>
    public static Option<string?> QueueType() =>
        new Option<string?>("--queue-type")
        {
            Description = "Type of the fleet's queues: classic (default) or quorum; must match what the broker already has",
            HelpName = "classic|quorum",
        }.Must(name => name is "classic" or "quorum", "must be classic or quorum");

    /// <summary>--metrics-port: sets Metrics:Port, the process's Prometheus endpoint (off by default).</summary>
    public static Option<int> MetricsPort() =>
        new Option<int>("--metrics-port")
        {
            Description = "Serve Prometheus metrics on http://*:PORT/metrics (default: Metrics__Port, else none)",
        }.Must(port => port is >= 1 and <= 65535, "must be between 1 and 65535");

    /// <summary>Adds Metrics:Port to <paramref name="settings"/> when --metrics-port was given.</summary>
    public static void OverrideMetricsPort(this ParseResult parse, Option<int> option, Dictionary<string, string?> settings)
    {
        if (parse.GetGiven(option) is { } port)
        {
            settings["Metrics:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>The option's value when given on the command line, else null (its default is not applied).</summary>
    public static T? GetGiven<T>(this ParseResult parse, Option<T> option) where T : struct =>
        parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option) : null;

    public static FleetQueueType ToQueueType(string? name) => name == "quorum" ? FleetQueueType.Quorum : FleetQueueType.Classic;

    /// <summary>Adds a parse-time rule; a value breaking it is a usage error naming the option.</summary>
    public static Option<T> Must<T>(this Option<T> option, Func<T, bool> holds, string rule)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // Not convertible to T: the parser reports that already, naming the option.
            }

            if (value is not null && !holds(value))
            {
                result.AddError($"{option.Name} {rule} (got {value})");
            }
        });
        return option;
    }
}
