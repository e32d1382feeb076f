using RabbitMQ.Client;
using WorkerFleet.Transport;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Publishes a run's tasks when due, the SDK's messages (TaskMessage) over one confirmed channel
/// with the SDK's confirm window, to the fleet's exchange or to the shared baseline's queue. One
/// publisher for every strategy, so the producer side is the same in each run. A task goes out
/// the moment it is due (its x-submitted-at is that moment), not in batches.
/// </summary>
internal sealed class BenchSubmitter(IChannel channel, string? sharedQueue, TimeProvider clock)
{
    private readonly ConfirmWindow _window = new(FleetConnections.ConfirmWindow);

    /// <summary>Submits every task; due times count from <paramref name="startTimestamp"/> (of the clock).</summary>
    public async Task RunAsync(IReadOnlyList<ScheduledTask> tasks, long startTimestamp, CancellationToken ct)
    {
        foreach (var scheduled in tasks)
        {
            var dueInMs = scheduled.SubmitAtMs - clock.GetElapsedTime(startTimestamp).TotalMilliseconds;
            if (dueInMs > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(dueInMs), clock, ct);
            }

            var task = scheduled.Task;
            await _window.AddAsync(() => sharedQueue is null
                ? TaskMessage.PublishAsync(channel, task, clock.GetUtcNow(), ct)
                : channel.BasicPublishAsync(string.Empty, sharedQueue, mandatory: true, TaskMessage.Properties(task, clock.GetUtcNow()), TaskMessage.Body(task), ct));
        }

        await _window.DrainAsync();
    }
}
