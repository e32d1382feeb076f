namespace WorkerFleet.Cli.Simulation;

/// <summary>
/// The <c>shared</c> baseline's one competing-consumer queue: every worker consumes it with
/// prefetch = slots, and the broker hands each message to the next consumer with room, round robin.
/// A place in a worker's window frees when it acks a task.
/// </summary>
internal sealed class SharedQueue
{
    private readonly Queue<int> _tasks = new();

    // One entry per free place in a consumer's prefetch window, in the order the broker serves them.
    private readonly Queue<int> _room = new();

    /// <param name="workers">The consumers.</param>
    /// <param name="random">Orders the consumers as they registered at the broker (the processes start in no fixed order).</param>
    public SharedQueue(IReadOnlyList<SimulatedWorker> workers, Random random)
    {
        // Each consumer starts with an empty window of slots places: served one place per consumer in turn.
        var consumers = workers.ToArray();
        random.Shuffle(consumers);
        var deepest = consumers.Length == 0 ? 0 : consumers.Max(worker => worker.Spec.Slots);
        for (var place = 0; place < deepest; place++)
        {
            foreach (var worker in consumers.Where(worker => worker.Spec.Slots > place))
            {
                _room.Enqueue(worker.Index);
            }
        }
    }

    public int Count => _tasks.Count;

    public void Publish(int task) => _tasks.Enqueue(task);

    /// <summary>A worker acked a task: one more place in its window.</summary>
    public void Acked(int worker) => _room.Enqueue(worker);

    /// <summary>The deliveries the broker makes now: (worker, task) while a task waits and a window has room.</summary>
    public List<(int Worker, int Task)> Dispatch()
    {
        var deliveries = new List<(int, int)>();
        while (_tasks.Count > 0 && _room.TryDequeue(out var worker))
        {
            deliveries.Add((worker, _tasks.Dequeue()));
        }

        return deliveries;
    }
}
