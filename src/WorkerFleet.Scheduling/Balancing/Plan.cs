namespace WorkerFleet.Scheduling.Balancing;

/// <summary>One balancing round's decisions and the classification they came from.</summary>
/// <param name="Migrations">Moves to order, in the order they were chosen.</param>
/// <param name="MeanLoadMs">Mean expected drain of the accepting workers.</param>
/// <param name="Overloaded">Workers classified overloaded (hysteresis included).</param>
/// <param name="Underloaded">Workers classified underloaded.</param>
public sealed record Plan(
    IReadOnlyList<Migration> Migrations,
    double MeanLoadMs,
    IReadOnlyList<string> Overloaded,
    IReadOnlyList<string> Underloaded);
