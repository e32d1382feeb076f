namespace WorkerFleet.Messaging.Balancer;

/// <summary>The broker the balancer manages (FLEET_RABBITMQ).</summary>
public sealed record BalancerBroker(Uri Uri);
