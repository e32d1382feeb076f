namespace WorkerFleet.Cli;

/// <summary>Process exit codes of every fleet command.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and failed: broker unreachable, bad configuration, a timeout.</summary>
    public const int Failed = 1;

    /// <summary>Bad arguments; the message names the option.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl-C or SIGTERM (128 + SIGINT, the shell convention).</summary>
    public const int Interrupted = 130;
}
