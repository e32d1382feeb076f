namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>Worker and balancer processes of one test, with their journals; disposing stops them all.</summary>
public sealed class ProcessFleet : IAsyncDisposable
{
    /// <summary>Fast control plane for tests: silence is noticed within a second or two.</summary>
    public static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(250);

    public static readonly TimeSpan BalanceInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _journals = Directory.CreateTempSubdirectory("fleet-journal-").FullName;
    private readonly Uri _broker;

    public ProcessFleet(Uri broker) => _broker = broker;

    public List<WorkerProcess> Workers { get; } = [];

    public List<FleetProcess> Balancers { get; } = [];

    /// <param name="id">The worker's id.</param>
    /// <param name="slots">Its slots.</param>
    /// <param name="heartbeat">Its heartbeat interval (default <see cref="Heartbeat"/>).</param>
    public async Task<WorkerProcess> StartWorkerAsync(string id, int slots, TimeSpan? heartbeat = null)
    {
        var worker = await WorkerProcess.StartAsync(_broker, id, slots, _journals, new Dictionary<string, string>
        {
            ["Worker__HeartbeatInterval"] = (heartbeat ?? Heartbeat).ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        });
        Workers.Add(worker);
        return worker;
    }

    public async Task<FleetProcess> StartBalancerAsync(string strategy = "adaptive")
    {
        var balancer = await BalancerProcess.StartAsync(_broker, strategy, Heartbeat, BalanceInterval);
        Balancers.Add(balancer);
        return balancer;
    }

    public IReadOnlyList<JournalEntry> Journal() => Workers.SelectMany(w => w.ReadJournal()).ToList();

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in Workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var balancer in Balancers)
        {
            await balancer.DisposeAsync();
        }

        Directory.Delete(_journals, recursive: true);
    }
}
