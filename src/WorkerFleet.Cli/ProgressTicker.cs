namespace WorkerFleet.Cli;

/// <summary>
/// Shows how a long command is doing on stderr about once a second: rewritten in place on a
/// terminal, one line per tick when stderr is a file or a pipe (logs, CI).
/// </summary>
internal sealed class ProgressTicker : IAsyncDisposable
{
    private readonly Func<string> _describe;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private bool _wroteInPlace;

    public ProgressTicker(Func<string> describe, TimeProvider clock)
    {
        _describe = describe;
        _loop = TickAsync(clock);
    }

    private async Task TickAsync(TimeProvider clock)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Write(_describe());
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed: the command finished.
        }
    }

    private void Write(string line)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine(line);
        }
        else
        {
            // Carriage return, the line, then "erase to end of line" for a shorter line after a longer one.
            Console.Error.Write($"\r{line}\u001b[K");
            _wroteInPlace = true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        if (_wroteInPlace)
        {
            Console.Error.WriteLine();
        }
    }
}
