using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using WorkerFleet.Scheduling;

namespace WorkerFleet.Runtime;

/// <summary>
/// Runs one task through its handler: bounded retries with exponential backoff (Polly) for a
/// handler that throws, and a hard timeout per attempt. The timeout does not rely on the handler
/// honouring its token: a handler that never returns is abandoned so its slot serves again.
/// Timeouts are not retried: a hung handler would hold a slot for attempts x timeout.
/// A circuit breaker per kind (Polly) counts each task's final outcome; while a kind's breaker is
/// open this worker runs none of its tasks (the engine hands them to the fallback queue, where
/// healthy peers take them) until the break ends and a trial task succeeds.
/// </summary>
public sealed class TaskExecutor
{
    private readonly HandlerRegistry _handlers;
    private readonly WorkerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ResiliencePipeline _retry;
    private readonly ConcurrentDictionary<string, Breaker> _breakers = new(StringComparer.Ordinal);

    public TaskExecutor(HandlerRegistry handlers, IOptions<WorkerOptions> options, TimeProvider clock)
    {
        _handlers = handlers;
        _options = options.Value;
        _clock = clock;
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock };
        if (_options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = _options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _options.RetryBaseDelay,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => ex is not HandlerTimeoutException and not OperationCanceledException),
            });
        }

        _retry = builder.Build();
    }

    /// <summary>True while this worker's breaker for <paramref name="kind"/> is open (its tasks go to peers).</summary>
    public bool IsBreakerOpen(string kind) =>
        _breakers.TryGetValue(kind, out var breaker) && breaker.State.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>Kinds whose breaker is open now (reported in heartbeats).</summary>
    public IReadOnlyList<string> OpenBreakers() => _breakers.Keys.Where(IsBreakerOpen).Order(StringComparer.Ordinal).ToList();

    public async Task<ExecutionResult> ExecuteAsync(FleetTask task, CancellationToken abandon)
    {
        var breaker = _breakers.GetOrAdd(task.Kind, _ => Breaker.Create(_options, _clock));
        try
        {
            return await breaker.Pipeline.ExecuteAsync(ct => new ValueTask<ExecutionResult>(RunWithRetriesAsync(task, ct)), abandon);
        }
        catch (BrokenCircuitException)
        {
            return ExecutionResult.BreakerOpen(task.Kind);
        }
    }

    private async Task<ExecutionResult> RunWithRetriesAsync(FleetTask task, CancellationToken abandon)
    {
        var handler = _handlers.Resolve(task.Kind);
        var attempts = 0;
        try
        {
            await _retry.ExecuteAsync(async ct =>
            {
                attempts++;
                await RunAttemptAsync(handler, task, attempts, ct);
            }, abandon);
            return ExecutionResult.Success(attempts);
        }
        catch (HandlerTimeoutException)
        {
            return ExecutionResult.TimedOut(attempts, _options.TaskTimeout);
        }
        catch (Exception ex) when (!abandon.IsCancellationRequested)
        {
            return ExecutionResult.Failure(attempts, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task RunAttemptAsync(ITaskHandler handler, FleetTask task, int attempt, CancellationToken abandon)
    {
        var context = new TaskContext { Task = task, WorkerId = _options.Id, Attempt = attempt, Speed = _options.Speed, Clock = _clock };
        using var timeout = new CancellationTokenSource(_options.TaskTimeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, abandon);
        try
        {
            await handler.HandleAsync(context, linked.Token).WaitAsync(_options.TaskTimeout, _clock, abandon);
        }
        catch (TimeoutException) when (!abandon.IsCancellationRequested)
        {
            throw new HandlerTimeoutException();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !abandon.IsCancellationRequested)
        {
            throw new HandlerTimeoutException();
        }
    }

    /// <summary>One kind's circuit breaker: opens when most recent tasks of the kind failed.</summary>
    private sealed record Breaker(ResiliencePipeline<ExecutionResult> Pipeline, CircuitBreakerStateProvider State)
    {
        public static Breaker Create(WorkerOptions options, TimeProvider clock)
        {
            var state = new CircuitBreakerStateProvider();
            var pipeline = new ResiliencePipelineBuilder<ExecutionResult> { TimeProvider = clock }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ExecutionResult>
                {
                    FailureRatio = options.BreakerFailureRatio,
                    MinimumThroughput = options.BreakerMinimumThroughput,
                    SamplingDuration = options.BreakerSamplingDuration,
                    BreakDuration = options.BreakerBreakDuration,
                    StateProvider = state,
                    ShouldHandle = new PredicateBuilder<ExecutionResult>().HandleResult(result => !result.Succeeded),
                })
                .Build();
            return new Breaker(pipeline, state);
        }
    }
}
