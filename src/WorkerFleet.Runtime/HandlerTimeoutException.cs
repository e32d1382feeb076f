namespace WorkerFleet.Runtime;

/// <summary>An attempt exceeded the task timeout; ends the task without a retry.</summary>
internal sealed class HandlerTimeoutException : Exception
{
    public HandlerTimeoutException()
        : base("handler timed out")
    {
    }

    public HandlerTimeoutException(string message)
        : base(message)
    {
    }

    public HandlerTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
