using MassTransit;
using MassTransit.Saga;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Prometheus;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Messaging.Tests;

/// <summary>
/// The balancer's saga and consumers on MassTransit's in-memory harness, with the singletons
/// AddFleetBalancer registers (minus the RabbitMQ bus and the BalancerLoop) and a fake clock.
/// </summary>
/// <remarks>
/// The lost-worker queue operations are a <see cref="RecordingLostWorkerQueues"/>: it records
/// unbinds and rebinds instead of talking to RabbitMQ.
/// </remarks>
internal sealed class BalancerHarness : IAsyncDisposable
{
    /// <summary>The fake clock's start; heartbeats are recorded at this instant unless the test advances it.</summary>
    public static readonly DateTimeOffset Start = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    private BalancerHarness(ServiceProvider provider)
    {
        _provider = provider;
        Harness = provider.GetRequiredService<ITestHarness>();
        Saga = Harness.GetSagaStateMachineHarness<WorkerLifecycleStateMachine, WorkerLifecycle>();
        Picture = provider.GetRequiredService<FleetPicture>();
        Settings = provider.GetRequiredService<BalancingSettings>();
        Clock = provider.GetRequiredService<FakeTimeProvider>();
        Queues = provider.GetRequiredService<RecordingLostWorkerQueues>();
        Metrics = provider.GetRequiredService<BalancerMetrics>();
        Registry = provider.GetRequiredService<CollectorRegistry>();
    }

    /// <summary>Long enough for a busy CI machine; only a failing test waits for it.</summary>
    public static TimeSpan Wait { get; } = TimeSpan.FromSeconds(5);

    public ITestHarness Harness { get; }

    public ISagaStateMachineTestHarness<WorkerLifecycleStateMachine, WorkerLifecycle> Saga { get; }

    public WorkerLifecycleStateMachine Machine => Saga.StateMachine;

    public FleetPicture Picture { get; }

    public BalancingSettings Settings { get; }

    public FakeTimeProvider Clock { get; }

    public RecordingLostWorkerQueues Queues { get; }

    public BalancerMetrics Metrics { get; }

    /// <summary>The registry <see cref="Metrics"/> counts into, collected with ScrapedMetrics.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>What the broker's consumer events would raise (the harness has no broker).</summary>
    public ConsumerLossSignal LossSignal { get; } = new();

    public static async Task<BalancerHarness> StartAsync(BalancingOptions? balancing = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var clock = new FakeTimeProvider(Start);
        services.AddSingleton(clock);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(Options.Create(new BalancerOptions { Balancing = balancing ?? new BalancingOptions() }));
        services.AddSingleton<FleetPicture>();
        services.AddSingleton<BalancingSettings>();
        services.AddSingleton<RecordingLostWorkerQueues>();
        services.AddSingleton<ILostWorkerQueues>(sp => sp.GetRequiredService<RecordingLostWorkerQueues>());
        services.AddSingleton<LifecycleActions>();
        services.AddSingleton<AdmissionControl>();
        var registry = Prometheus.Metrics.NewCustomRegistry();
        services.AddSingleton(registry);
        services.AddSingleton<IMetricFactory>(Prometheus.Metrics.WithCustomRegistry(registry));
        services.AddSingleton<BalancerMetrics>();
        services.AddMassTransitTestHarness(x =>
        {
            x.AddSagaStateMachine<WorkerLifecycleStateMachine, WorkerLifecycle>().InMemoryRepository();
            x.AddConsumer<StealRequestConsumer>();
            x.AddConsumer<ChangeFleetConfigConsumer>();
        });

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var harness = new BalancerHarness(provider);
        await harness.Harness.Start();
        await harness.Metrics.StartAsync(CancellationToken.None);
        return harness;
    }

    /// <summary>A harness whose picture holds <paramref name="workerId"/> as Active (two heartbeats; ring weight 0: not reported).</summary>
    public static async Task<BalancerHarness> StartWithActiveWorkerAsync(string workerId, int ringWeight = 0)
    {
        var h = await StartAsync();
        await h.PublishAsync(Beats.Idle(workerId, sequence: 1) with { RingWeight = ringWeight });
        await h.PublishAsync(Beats.Idle(workerId, sequence: 2) with { RingWeight = ringWeight });
        Assert.NotNull(await h.Saga.Exists(WorkerKey.For(workerId), m => m.Active, Wait));
        return h;
    }

    /// <summary>Puts an instance straight into the saga repository, for states the bus reaches only by a race.</summary>
    public void Seed(WorkerLifecycle instance) =>
        _provider.GetRequiredService<IndexedSagaDictionary<WorkerLifecycle>>().Add(new SagaInstance<WorkerLifecycle>(instance));

    /// <remarks>
    /// Async on purpose: Publish sets MassTransit's ambient LogContext (an AsyncLocal) when it is
    /// empty. Called directly from a test, that context would outlive this harness and make the next
    /// bus built in the same test flow log through a disposed LoggerFactory.
    /// </remarks>
    public async Task PublishAsync<T>(T message)
        where T : class => await Harness.Bus.Publish(message);

    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
