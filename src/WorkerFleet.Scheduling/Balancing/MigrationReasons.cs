using System.Globalization;

namespace WorkerFleet.Scheduling.Balancing;

/// <summary>The human-readable reasons of migrations (loads in whole milliseconds).</summary>
internal static class MigrationReasons
{
    public static string Steal(string victimId, double victimMs, string thiefId, double thiefMs, int count, TaskLevel level, double victimAfterMs, double thiefAfterMs, string boundedBy) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"victim {victimId} drains in {victimMs:0} ms vs thief {thiefId} in {thiefMs:0} ms; moving {count} {level.ToWireName()} tasks leaves them at {victimAfterMs:0} ms and {thiefAfterMs:0} ms ({boundedBy})");

    public static string Planned(string victimId, double victimMs, string thiefId, double thiefMs, double meanMs, int count, TaskLevel level, double victimAfterMs, double thiefAfterMs) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{victimId} is overloaded (drains in {victimMs:0} ms, fleet mean {meanMs:0} ms) and {thiefId} underloaded ({thiefMs:0} ms); moving {count} {level.ToWireName()} tasks leaves them at {victimAfterMs:0} ms and {thiefAfterMs:0} ms");
}
