using Microsoft.Extensions.DependencyInjection;

namespace WorkerFleet.Runtime;

/// <summary>Finds the handler of a kind. Kinds are case-sensitive; the last registration of a kind wins.</summary>
public sealed class HandlerRegistry(IEnumerable<HandlerRegistration> registrations, IServiceProvider services)
{
    private readonly Dictionary<string, Type> _byKind = registrations
        .GroupBy(r => r.Kind, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last().HandlerType, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Kinds => _byKind.Keys;

    public bool Handles(string kind) => _byKind.ContainsKey(kind);

    public ITaskHandler Resolve(string kind) =>
        (ITaskHandler)services.GetRequiredService(_byKind.TryGetValue(kind, out var type)
            ? type
            : throw new KeyNotFoundException($"no handler for kind '{kind}'"));
}
