namespace WorkerFleet.Cli.Bench;

/// <summary>A bench cannot go on (a process would not start, the management API refused); the message says why.</summary>
public sealed class BenchFailedException : Exception
{
    public BenchFailedException()
    {
    }

    public BenchFailedException(string message)
        : base(message)
    {
    }

    public BenchFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
