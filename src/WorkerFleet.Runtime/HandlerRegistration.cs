namespace WorkerFleet.Runtime;

/// <summary>Kind-to-handler-type entry in DI; the worker resolves the handler per task.</summary>
public sealed record HandlerRegistration(string Kind, Type HandlerType);
