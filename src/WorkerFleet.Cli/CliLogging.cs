using Microsoft.Extensions.Logging;

namespace WorkerFleet.Cli;

/// <summary>
/// Console logging of the commands that host services: one line per event, on stderr so stdout
/// keeps only a command's result (its JSON in particular).
/// </summary>
internal static class CliLogging
{
    public static ILoggingBuilder AddFleetConsole(this ILoggingBuilder logging, LogLevel fleetLevel)
    {
        logging.ClearProviders();
        logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.AddFilter("WorkerFleet", fleetLevel);
        return logging;
    }
}
