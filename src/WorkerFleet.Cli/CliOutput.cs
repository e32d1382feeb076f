using System.Text.Json;

namespace WorkerFleet.Cli;

/// <summary>What every command prints: results on stdout (text or one camelCase JSON object), errors on stderr.</summary>
internal static class CliOutput
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    public static void WriteJson<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Reports bad arguments found after parsing (say, a file's content); the message names the option.</summary>
    public static int UsageError(string message)
    {
        Console.Error.WriteLine($"fleet: {message}");
        return ExitCodes.Usage;
    }

    public static int Fail(string message)
    {
        Console.Error.WriteLine($"fleet: {message}");
        return ExitCodes.Failed;
    }

    /// <summary>The broker without its credentials, for messages.</summary>
    public static string Describe(Uri broker) =>
        $"{broker.Host}:{(broker.Port > 0 ? broker.Port : broker.Scheme == "amqps" ? 5671 : 5672)}{broker.AbsolutePath}";

    public static double Round(double value, int digits = 3) => Math.Round(value, digits, MidpointRounding.AwayFromZero);
}
