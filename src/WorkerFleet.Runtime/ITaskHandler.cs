namespace WorkerFleet.Runtime;

/// <summary>
/// Runs tasks of one kind. Register with <c>services.AddTaskHandler&lt;THandler&gt;("kind")</c>.
/// Throw to fail (the task is retried, then dead-lettered); honour the token: it is cancelled at the
/// task timeout. Handlers should be idempotent: delivery is at-least-once.
/// </summary>
public interface ITaskHandler
{
    Task HandleAsync(TaskContext context, CancellationToken cancellationToken);
}
