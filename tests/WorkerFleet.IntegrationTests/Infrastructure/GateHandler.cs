using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Kind "gate": every task waits until the test opens the gate, then completes.</summary>
public sealed class GateHandler : ITaskHandler
{
    public const string Kind = "gate";
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Open() => _open.TrySetResult();

    /// <summary>Makes this very gate the worker's handler for <see cref="Kind"/> (a TestWorker services hook).</summary>
    public void Register(IServiceCollection services) => services.AddSingleton(this).AddTaskHandler<GateHandler>(Kind);

    public Task HandleAsync(TaskContext context, CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);
}
