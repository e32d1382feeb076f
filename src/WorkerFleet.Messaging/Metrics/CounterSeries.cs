using Prometheus;

namespace WorkerFleet.Messaging.Metrics;

public static class CounterSeries
{
    /// <summary>
    /// Publishes a zero series for each value of the counter's one label now, so a dashboard's
    /// rate() reads 0 before the first event instead of "no data".
    /// </summary>
    public static Counter WithZeroSeries(this Counter counter, params IEnumerable<string> labelValues)
    {
        foreach (var value in labelValues)
        {
            counter.WithLabels(value);
        }

        return counter;
    }
}
