using System.Text.Json;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using WorkerFleet.Scheduling;
using WorkerFleet.Transport;

namespace WorkerFleet.Runtime;

/// <summary>
/// Takes a few built-in tasks (noop, and 1 ms sleeps on the system clock) through the code every task
/// takes (a consumer's delivery, parsing, the local scheduler, the executor's pipelines, the sleep's
/// timer thread, the ack) on a private queue, before the worker consumes its own. The fleet's
/// executables compile each method at first call (tiered compilation off, Directory.Build.targets),
/// and on the 2-core bench machine a fresh worker spent its first 0.2-0.4 s compiling that path
/// while its first tasks waited: critical tasks in the demo waited 0.5 s. Nothing here reaches the
/// worker's scheduler, counters, journal or breakers: the parts are throwaway instances of the same
/// types, which compiles the same methods. (The sleeps do teach the sleep handler's shared lateness
/// lead two samples, as any sleep would.)
/// </summary>
internal static class WorkerWarmUp
{
    private const int Tasks = 4;

    private static readonly JsonElement OneMillisecond = JsonElement.Parse("""{"ms": 1}""");

    public static async Task RunAsync(IConnection connection, HandlerRegistry handlers, WorkerOptions options, TimeProvider clock, CancellationToken ct)
    {
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var queue = (await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: false, cancellationToken: ct)).QueueName;
        var executor = new TaskExecutor(handlers, Options.Create(options), clock);
        var scheduler = new LocalScheduler<TaskDelivery>(options.Scheduler);
        var schedulerGate = new Lock();
        var settled = 0;
        var allSettled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        async Task RunAsync(TaskDelivery delivery)
        {
            if (TaskParser.Parse(delivery.Body.Span, options.MaxBodyBytes, delivery.Affinity).Task is { } task)
            {
                TaskDelivery next;
                lock (schedulerGate)
                {
                    // One in, one out: every delivery is dequeued, and acked, exactly once.
                    scheduler.Enqueue(delivery, task.ToSchedulingInfo(), clock.GetUtcNow());
                    scheduler.TryDequeue(clock.GetUtcNow(), out next!);
                }

                await executor.ExecuteAsync(task, ct);
                await next.AckAsync();
            }

            if (Interlocked.Increment(ref settled) == Tasks)
            {
                allSettled.TrySetResult();
            }
        }

        await using var consumer = await WorkerQueueConsumer.StartAsync(connection, [(queue, TaskLevel.Normal)], Tasks, RunAsync, ct);
        for (var i = 0; i < Tasks; i++)
        {
            var task = i % 2 == 1 && ReferenceEquals(clock, TimeProvider.System)
                ? new FleetTask { Id = $"warm-up-{i}", Kind = SleepHandler.Kind, Level = TaskLevel.Normal, Payload = OneMillisecond }
                : new FleetTask { Id = $"warm-up-{i}", Kind = NoopHandler.Kind, Level = TaskLevel.Normal };
            await channel.BasicPublishAsync(string.Empty, queue, mandatory: false, TaskMessage.Properties(task, clock.GetUtcNow()), TaskMessage.Body(task), ct);
        }

        await allSettled.Task.WaitAsync(TimeSpan.FromSeconds(10), clock, ct);
        await channel.QueueDeleteAsync(queue, cancellationToken: ct);
    }
}
