using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>
/// Kind "rendezvous": each task blocks its thread, as a synchronous handler does, until
/// <paramref name="participants"/> tasks are running at once or <paramref name="patience"/> ran out.
/// </summary>
public sealed class RendezvousHandler(int participants, TimeSpan patience) : ITaskHandler, IDisposable
{
    public const string Kind = "rendezvous";
    private readonly ManualResetEventSlim _everyoneArrived = new();
    private int _arrived;
    private int _metEveryone;

    /// <summary>Tasks that were running while all the others were.</summary>
    public int MetEveryone => Volatile.Read(ref _metEveryone);

    /// <summary>Makes this very handler the worker's handler for <see cref="Kind"/> (a TestWorker services hook).</summary>
    public void Register(IServiceCollection services) => services.AddSingleton(this).AddTaskHandler<RendezvousHandler>(Kind);

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _arrived) >= participants)
        {
            _everyoneArrived.Set();
        }

        if (_everyoneArrived.Wait(patience, cancellationToken))
        {
            Interlocked.Increment(ref _metEveryone);
        }

        return Task.CompletedTask;
    }

    public void Dispose() => _everyoneArrived.Dispose();
}
