using System.Collections.Concurrent;

namespace WorkerFleet.Runtime;

/// <summary>Thread-safe counters of one worker: heartbeat content now, metrics hooks later.</summary>
public sealed class WorkerCounters
{
    /// <summary>Weight of the newest sample in the service-time mean (about the last 10 tasks).</summary>
    private const double EwmaAlpha = 0.2;

    private readonly ConcurrentDictionary<string, long> _deadLettered = new(StringComparer.Ordinal);
    private readonly Lock _ewmaGate = new();
    private long _completed;
    private long _takenFromOtherQueues;
    private long _stolen;
    private long _handedBack;
    private double _ewmaServiceMs;

    public long Completed => Interlocked.Read(ref _completed);

    public long TakenFromOtherQueues => Interlocked.Read(ref _takenFromOtherQueues);

    public long Stolen => Interlocked.Read(ref _stolen);

    /// <summary>Tasks put into the fallback queue because this worker's breaker for their kind was open.</summary>
    public long HandedBack => Interlocked.Read(ref _handedBack);

    public double EwmaServiceMs
    {
        get
        {
            lock (_ewmaGate)
            {
                return _ewmaServiceMs;
            }
        }
    }

    public IReadOnlyDictionary<string, long> DeadLettered => new Dictionary<string, long>(_deadLettered, StringComparer.Ordinal);

    public long DeadLetteredTotal => _deadLettered.Values.Sum();

    public void RecordCompleted(TimeSpan serviceTime, bool fromOwnQueue)
    {
        Interlocked.Increment(ref _completed);
        if (!fromOwnQueue)
        {
            Interlocked.Increment(ref _takenFromOtherQueues);
        }

        lock (_ewmaGate)
        {
            var sample = serviceTime.TotalMilliseconds;
            _ewmaServiceMs = _ewmaServiceMs == 0 ? sample : (EwmaAlpha * sample) + ((1 - EwmaAlpha) * _ewmaServiceMs);
        }
    }

    public void RecordStolen() => Interlocked.Increment(ref _stolen);

    public void RecordHandedBack() => Interlocked.Increment(ref _handedBack);

    public void RecordDeadLettered(string reason) => _deadLettered.AddOrUpdate(reason, 1, (_, n) => n + 1);
}
