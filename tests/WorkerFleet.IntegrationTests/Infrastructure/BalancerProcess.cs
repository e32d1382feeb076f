namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>A balancer in its own OS process (the built WorkerFleet.Balancer host).</summary>
public static class BalancerProcess
{
    public static Task<FleetProcess> StartAsync(Uri broker, string strategy, TimeSpan heartbeat, TimeSpan balanceInterval) =>
        FleetProcess.StartAsync("WorkerFleet.Balancer.dll", new Dictionary<string, string>
        {
            ["FLEET_RABBITMQ"] = broker.ToString(),
            ["Balancer__Balancing__Strategy"] = strategy,
            ["Balancer__HeartbeatInterval"] = heartbeat.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Balancer__BalanceInterval"] = balanceInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        }, "Balancer running");
}
