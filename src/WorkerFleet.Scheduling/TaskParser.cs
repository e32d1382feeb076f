using System.Globalization;
using System.Text.Json;

namespace WorkerFleet.Scheduling;

/// <summary>
/// Reads the camelCase JSON body of docs/protocol.md. Never throws on input: anything it cannot
/// turn into a task comes back as a dead-letter reason, so a poison message is rejected once and
/// never requeued.
/// </summary>
public static class TaskParser
{
    public static TaskParseResult Parse(ReadOnlySpan<byte> body, int maxBodyBytes, string? affinityHeader = null)
    {
        if (body.Length > maxBodyBytes)
        {
            return TaskParseResult.Rejected(DeadLetterReason.Oversize, $"body is {body.Length} bytes, the limit is {maxBodyBytes}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return TaskParseResult.Rejected(DeadLetterReason.Malformed, ex.Message);
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? ReadTask(document.RootElement, affinityHeader)
                : TaskParseResult.Rejected(DeadLetterReason.Malformed, "body is not a JSON object");
        }
    }

    private static TaskParseResult ReadTask(JsonElement root, string? affinityHeader)
    {
        if (!TryRequiredString(root, "id", out var id, out var error)
            || !TryRequiredString(root, "kind", out var kind, out error)
            || !TryRequiredString(root, "level", out var levelName, out error))
        {
            return TaskParseResult.Rejected(DeadLetterReason.Invalid, error);
        }

        if (!TaskLevels.TryParse(levelName, out var level))
        {
            return TaskParseResult.Rejected(DeadLetterReason.Invalid, $"level '{levelName}' is not one of critical, high, normal, low");
        }

        if (!root.TryGetProperty("payload", out var payload))
        {
            return TaskParseResult.Rejected(DeadLetterReason.Invalid, "field 'payload' is missing");
        }

        if (!TryOptionalString(root, "tenant", out var tenant, out error)
            || !TryOptionalDeadline(root, out var deadline, out error)
            || !TryOptionalCost(root, out var costMs, out error))
        {
            return TaskParseResult.Rejected(DeadLetterReason.Invalid, error);
        }

        return TaskParseResult.Valid(new FleetTask
        {
            Id = id,
            Kind = kind,
            Level = level,
            Tenant = tenant,
            AffinityKey = string.IsNullOrEmpty(affinityHeader) ? null : affinityHeader,
            Deadline = deadline,
            CostMs = costMs,
            Payload = payload.Clone(),
        });
    }

    private static bool TryRequiredString(JsonElement root, string name, out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        if (!root.TryGetProperty(name, out var element))
        {
            error = $"field '{name}' is missing";
            return false;
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            error = $"field '{name}' must be a non-empty string";
            return false;
        }

        value = element.GetString()!;
        return true;
    }

    private static bool TryOptionalString(JsonElement root, string name, out string? value, out string error)
    {
        value = null;
        error = string.Empty;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"field '{name}' must be a string";
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryOptionalDeadline(JsonElement root, out DateTimeOffset? deadline, out string error)
    {
        deadline = null;
        if (!TryOptionalString(root, "deadline", out var text, out error) || text is null)
        {
            return error.Length == 0;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            error = $"field 'deadline' is not an ISO 8601 time: '{text}'";
            return false;
        }

        deadline = parsed;
        return true;
    }

    private static bool TryOptionalCost(JsonElement root, out double? costMs, out string error)
    {
        costMs = null;
        error = string.Empty;
        if (!root.TryGetProperty("costMs", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var cost) || cost < 0 || !double.IsFinite(cost))
        {
            error = "field 'costMs' must be a non-negative number";
            return false;
        }

        costMs = cost;
        return true;
    }
}
