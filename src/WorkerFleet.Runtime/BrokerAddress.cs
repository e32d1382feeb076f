namespace WorkerFleet.Runtime;

/// <summary>The broker the worker talks to (FLEET_RABBITMQ).</summary>
public sealed record BrokerAddress(Uri Uri);
