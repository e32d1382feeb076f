namespace WorkerFleet.Cli.Mcp;

/// <summary>The broker the MCP tools talk to (FLEET_RABBITMQ when the server started).</summary>
internal sealed record FleetBroker(Uri Uri);
