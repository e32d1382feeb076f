using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace WorkerFleet.Transport;

/// <summary>Reads AMQP header values whatever type the producer's client chose for them.</summary>
internal static class HeaderValues
{
    public static string? GetString(IReadOnlyBasicProperties properties, string name) =>
        properties.Headers is { } headers && headers.TryGetValue(name, out var value) ? AsString(value) : null;

    public static long? GetInt64(IReadOnlyBasicProperties properties, string name)
    {
        if (properties.Headers is not { } headers || !headers.TryGetValue(name, out var value))
        {
            return null;
        }

        return value switch
        {
            long l => l,
            int i => i,
            short s => s,
            byte b => b,
            double d when double.IsFinite(d) => (long)d,
            _ => long.TryParse(AsString(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null,
        };
    }

    private static string? AsString(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
