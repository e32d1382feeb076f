using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using WorkerFleet.Runtime;
using WorkerFleet.Runtime.Metrics;

namespace WorkerFleet.Benchmarks;

/// <summary>
/// What counting a settled task costs the worker (<see cref="TaskMetrics"/>: a counter and two
/// histograms), against serialising the same record as the bench's journal line, which every
/// benchmarked worker does per task too.
/// </summary>
[MemoryDiagnoser]
public class TaskMetricsBenchmarks
{
    private const int Records = 1_000;

    private readonly ExecutionRecord[] _records = new ExecutionRecord[Records];
    private TaskMetrics _metrics = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection().AddSingleton<HandlerRegistry>()
            .AddTaskHandler<NoopHandler>(NoopHandler.Kind).BuildServiceProvider();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        _metrics = new TaskMetrics(Prometheus.Metrics.WithCustomRegistry(registry), services.GetRequiredService<HandlerRegistry>());
        for (var i = 0; i < Records; i++)
        {
            _records[i] = new ExecutionRecord
            {
                TaskId = $"task-{i}",
                WorkerId = "w1",
                Kind = "noop",
                Level = "normal",
                Affinity = $"key-{i % 64}",
                SourceQueue = "fleet.w.w1.normal",
                FromOwnQueue = i % 10 != 0,
                SubmittedAtMs = 1_700_000_000_000 + i,
                StartedAtMs = 1_700_000_000_010 + i,
                EndedAtMs = 1_700_000_000_012 + i,
                Outcome = "completed",
                Attempts = 1,
            };
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public long JournalLine()
    {
        long bytes = 0;
        foreach (var record in _records)
        {
            bytes += JsonSerializer.SerializeToUtf8Bytes(record, JournalJson.Default.ExecutionRecord).Length;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task CountSettled()
    {
        foreach (var record in _records)
        {
            await _metrics.OnSettledAsync(record);
        }
    }
}
