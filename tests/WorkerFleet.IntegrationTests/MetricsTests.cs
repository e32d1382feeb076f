using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Scheduling;
using WorkerFleet.Tests.Shared;
using WorkerFleet.Transport;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// What a worker and a balancer serve on Metrics:Port, as promtool and a real Prometheus read it,
/// and the Grafana dashboard's queries against it.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed partial class MetricsTests(BrokerFixture broker)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Worker_ServesWhatItSettled_AndARealPrometheusScrapesIt()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        var port = PrometheusServer.FreePort();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "m1", 3, observer, MetricsOn(port));
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("ok", 20));
        }

        await Tasks.PublishMalformedAsync(vhost.Broker);
        await observer.WaitUntilAsync(r => r.Count >= 21, Timeout, "20 tasks completed and one dead-lettered");

        var text = await ScrapeAsync(port);
        var scrape = ScrapedMetrics.Parse(text);
        Assert.Equal(20, scrape.Value("fleet_worker_tasks_total", ("worker", "m1"), ("kind", "noop"), ("outcome", "completed")));
        Assert.Equal(1, scrape.Value("fleet_worker_tasks_total", ("kind", "unknown"), ("outcome", DeadLetterReason.Malformed)));
        Assert.Equal(20, scrape.Value("fleet_worker_task_run_seconds_count", ("kind", "noop"), ("level", "normal")));
        // The SDK stamps x-submitted-at; the malformed message has none and never started.
        Assert.Equal(20, scrape.Value("fleet_worker_task_wait_seconds_count", ("level", "normal")));
        Assert.Equal(3, scrape.Value("fleet_worker_slots"));
        Assert.All(TaskLevels.All, level => Assert.Equal(0, scrape.Value("fleet_worker_queue_ready_tasks", ("level", level.ToWireName()))));
        Assert.True(scrape.Value("process_working_set_bytes", ("worker", "m1")) > 0);
        await AssertPromtoolAcceptsAsync(text);

        await using var prometheus = await PrometheusServer.StartAsync(port);
        await prometheus.UntilAsync(async () => await prometheus.QueryAsync("""fleet_worker_tasks_total{worker="m1",outcome="completed"}""") == 20,
            Timeout, "Prometheus to have scraped the 20 completed tasks");
    }

    [Fact]
    public async Task Balancer_ServesItsPicture_AndTheDashboardQueriesOnlyWhatTheFleetServes()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var (balancerPort, workerPort) = (PrometheusServer.FreePort(), PrometheusServer.FreePort());
        await using var balancer = await TestBalancer.StartAsync(vhost.Broker, "adaptive", settings: MetricsOn(balancerPort));
        var observer = new RecordingObserver();
        var settings = MetricsOn(workerPort);
        settings["Worker:HeartbeatInterval"] = "00:00:00.250";
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "m2", 2, observer, settings);
        await using (var client = await FleetClient.ConnectAsync(vhost.Broker))
        {
            await client.SubmitBatchAsync(Tasks.Many("ok", 10));
        }

        await observer.WaitUntilAsync(r => r.Count >= 10, Timeout, "10 tasks completed");
        var balancerScrape = ScrapedMetrics.Parse(await ScrapeAsync(balancerPort));
        using (var cts = new CancellationTokenSource(Timeout))
        {
            while (balancerScrape.Value("fleet_balancer_worker_load_seconds", ("worker", "m2")) is null)
            {
                Assert.False(cts.IsCancellationRequested, "timed out waiting for the balancer to show the worker's load");
                await Task.Delay(100, CancellationToken.None);
                balancerScrape = ScrapedMetrics.Parse(await ScrapeAsync(balancerPort));
            }
        }

        await AssertPromtoolAcceptsAsync(balancerScrape.Text);

        var served = balancerScrape.Names.Union(ScrapedMetrics.Parse(await ScrapeAsync(workerPort)).Names).ToHashSet(StringComparer.Ordinal);
        var queried = DashboardMetricNames();
        Assert.NotEmpty(queried);
        Assert.Empty(queried.Except(served).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PortInUse_StopsTheWorkerAtStart_WithAMessageNamingTheSetting()
    {
        await using var vhost = await broker.CreateVhostAsync();
        using var squatter = new TcpListener(IPAddress.Any, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestWorker.StartAsync(vhost.Broker, "m3", 1, new RecordingObserver(), MetricsOn(port)));
        Assert.Contains($"Metrics:Port {port}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_StillAnswers_WhileTheWorkersBrokerConnectionIsDown()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var port = PrometheusServer.FreePort();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "m4", 2, new RecordingObserver(), MetricsOn(port));
        Assert.Equal(0, ScrapedMetrics.Parse(await ScrapeAsync(port)).Value("fleet_worker_queue_ready_tasks", ("level", "normal")));

        // The client library reconnects after its 5 s recovery interval; the scrape comes before that.
        await broker.CloseConnectionsAsync(vhost, "fleet-worker-m4", Timeout);
        var scrape = ScrapedMetrics.Parse(await ScrapeAsync(port));

        Assert.Equal(2, scrape.Value("fleet_worker_slots"));
        Assert.True(double.IsNaN(scrape.Value("fleet_worker_queue_ready_tasks", ("level", "normal"))!.Value));

        // Reconnected, it reads its queues again (and can then stop gracefully: a stop during the
        // outage cannot unbind its queues).
        using var cts = new CancellationTokenSource(Timeout);
        while (double.IsNaN(ScrapedMetrics.Parse(await ScrapeAsync(port)).Value("fleet_worker_queue_ready_tasks", ("level", "normal"))!.Value))
        {
            Assert.False(cts.IsCancellationRequested, "timed out waiting for the worker to reconnect");
            await Task.Delay(200, CancellationToken.None);
        }
    }

    private static Dictionary<string, string?> MetricsOn(int port) =>
        new() { ["Metrics:Port"] = port.ToString(CultureInfo.InvariantCulture) };

    private static async Task<string> ScrapeAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        return await http.GetStringAsync($"http://127.0.0.1:{port}/metrics");
    }

    /// <summary>promtool's lint: names, units and help text by Prometheus's conventions.</summary>
    private static async Task AssertPromtoolAcceptsAsync(string exposition)
    {
        var start = new ProcessStartInfo("promtool", ["check", "metrics"])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var promtool = Process.Start(start) ?? throw new InvalidOperationException("could not start promtool");
        var output = promtool.StandardOutput.ReadToEndAsync();
        var errors = promtool.StandardError.ReadToEndAsync();
        await promtool.StandardInput.WriteAsync(exposition);
        promtool.StandardInput.Close();
        await promtool.WaitForExitAsync();
        Assert.True(promtool.ExitCode == 0, $"promtool check metrics: {await output}{await errors}");
    }

    /// <summary>Every fleet_ or process_ metric named in the dashboard's queries.</summary>
    private static HashSet<string> DashboardMetricNames()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "grafana", "workerfleet.json")));
        return dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .SelectMany(target => MetricName().Matches(target.GetProperty("expr").GetString()!).Select(match => match.Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\b(fleet|process)_[a-z_]+\b")]
    private static partial Regex MetricName();
}
