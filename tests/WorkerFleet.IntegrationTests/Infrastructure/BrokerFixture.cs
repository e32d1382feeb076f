using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DotNet.Testcontainers.Configurations;
using Testcontainers.RabbitMq;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>
/// The real broker of the test run: FLEET_RABBITMQ when set (scripts/test.sh sets it), else a
/// Testcontainers RabbitMQ where a Docker engine exists, else the local broker of scripts/broker.sh,
/// stopped again at the end when this run started it.
/// Tests never share state: each asks for a fresh vhost, deleted when the test ends.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private const string ManagementPort = "15672";
    private RabbitMqContainer? _container;
    private bool _startedLocalBroker;
    private HttpClient? _management;

    public Uri Broker { get; private set; } = null!;

    /// <summary>The management HTTP API of <see cref="Broker"/> (with credentials).</summary>
    public Uri Management { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var configured = Environment.GetEnvironmentVariable("FLEET_RABBITMQ");
        Uri management;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            Broker = new Uri(configured);
            management = ManagementUri(Broker);
        }
        else if (TestcontainersSettings.OS.DockerEndpointAuthConfig is not null)
        {
            _container = new RabbitMqBuilder("rabbitmq:3.10-management")
                .WithResourceMapping(Encoding.UTF8.GetBytes("[rabbitmq_management,rabbitmq_consistent_hash_exchange,rabbitmq_event_exchange,rabbitmq_prometheus]."),
                    "/etc/rabbitmq/enabled_plugins")
                .WithPortBinding(int.Parse(ManagementPort, System.Globalization.CultureInfo.InvariantCulture), assignRandomHostPort: true)
                .Build();
            await _container.StartAsync();
            Broker = new Uri(_container.GetConnectionString());
            management = new Uri($"http://guest:guest@{_container.Hostname}:{_container.GetMappedPublicPort(15672)}/");
        }
        else
        {
            _startedLocalBroker = await RunBrokerScriptAsync("status") != 0;
            if (_startedLocalBroker && await RunBrokerScriptAsync("start") is var exit and not 0)
            {
                throw new InvalidOperationException($"scripts/broker.sh start exited with {exit}");
            }

            Broker = new Uri("amqp://guest:guest@127.0.0.1:5672/");
            management = ManagementUri(Broker);
        }

        Management = management;
        _management = CreateManagementClient(management);
    }

    /// <summary>A new, empty vhost with full rights for the broker's user; its amqp URI.</summary>
    public async Task<TestVhost> CreateVhostAsync()
    {
        var name = $"test-{Guid.NewGuid():N}"[..17];
        (await _management!.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        var user = Uri.UnescapeDataString(Broker.UserInfo.Split(':')[0]);
        using var rights = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await _management.PutAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}", rights)).EnsureSuccessStatusCode();
        var uri = new UriBuilder(Broker) { Path = "/" + name }.Uri;
        return new TestVhost(uri, async () => await _management.DeleteAsync($"api/vhosts/{name}"));
    }

    /// <summary>
    /// Closes, as an operator would from the management UI, the connections of <paramref name="vhost"/>
    /// named <paramref name="clientName"/>; waits until the management API lists one (its statistics
    /// lag a new connection by up to a few seconds).
    /// </summary>
    public async Task CloseConnectionsAsync(TestVhost vhost, string clientName, TimeSpan timeout)
    {
        var vhostName = vhost.Broker.AbsolutePath.TrimStart('/');
        using var cts = new CancellationTokenSource(timeout);
        List<string> names;
        while ((names = await ConnectionsNamedAsync(vhostName, clientName)).Count == 0)
        {
            Assert.False(cts.IsCancellationRequested, $"timed out after {timeout.TotalSeconds} s waiting for the management API to list {clientName}");
            await Task.Delay(100, CancellationToken.None);
        }

        foreach (var name in names)
        {
            (await _management!.DeleteAsync($"api/connections/{Uri.EscapeDataString(name)}")).EnsureSuccessStatusCode();
        }
    }

    /// <summary>The names of the queues <paramref name="vhost"/> has now.</summary>
    public async Task<IReadOnlyList<string>> QueueNamesAsync(TestVhost vhost)
    {
        var vhostName = vhost.Broker.AbsolutePath.TrimStart('/');
        using var listing = await JsonDocument.ParseAsync(await _management!.GetStreamAsync($"api/queues/{vhostName}?columns=name"));
        return [.. listing.RootElement.EnumerateArray().Select(queue => queue.GetProperty("name").GetString()!)];
    }

    private async Task<List<string>> ConnectionsNamedAsync(string vhostName, string clientName)
    {
        using var listing = await JsonDocument.ParseAsync(await _management!.GetStreamAsync($"api/vhosts/{vhostName}/connections"));
        return [.. listing.RootElement.EnumerateArray()
            .Where(connection => connection.TryGetProperty("client_properties", out var properties)
                && properties.TryGetProperty("connection_name", out var name) && name.GetString() == clientName)
            .Select(connection => connection.GetProperty("name").GetString()!)];
    }

    public async Task DisposeAsync()
    {
        _management?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        if (_startedLocalBroker)
        {
            await RunBrokerScriptAsync("stop");
        }
    }

    private static Uri ManagementUri(Uri broker)
    {
        var configured = Environment.GetEnvironmentVariable("FLEET_RABBITMQ_MANAGEMENT");
        return string.IsNullOrWhiteSpace(configured)
            ? new Uri($"http://{broker.UserInfo}@{broker.Host}:{ManagementPort}/")
            : new Uri(configured);
    }

    private static HttpClient CreateManagementClient(Uri management)
    {
        var client = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority) + "/") };
        var credentials = Uri.UnescapeDataString(string.IsNullOrEmpty(management.UserInfo) ? "guest:guest" : management.UserInfo);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return client;
    }

    /// <summary>Runs scripts/broker.sh with <paramref name="command"/>; its exit code.</summary>
    private static async Task<int> RunBrokerScriptAsync(string command)
    {
        var script = Path.Combine(RepositoryRoot.Path, "scripts", "broker.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script, command]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run scripts/broker.sh");
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
