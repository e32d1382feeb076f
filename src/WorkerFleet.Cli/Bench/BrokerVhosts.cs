using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace WorkerFleet.Cli.Bench;

/// <summary>
/// Creates and deletes the bench's vhosts through the RabbitMQ management HTTP API
/// (FLEET_RABBITMQ_MANAGEMENT, default http://user:pass@amqp-host:15672/), so that every strategy
/// runs on an empty broker and leaves nothing behind. It deletes only vhosts it created.
/// </summary>
internal sealed class BrokerVhosts : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _broker;
    private readonly string _user;

    public BrokerVhosts(Uri broker)
    {
        _broker = broker;
        _user = Uri.UnescapeDataString(broker.UserInfo.Split(':')[0] is { Length: > 0 } user ? user : "guest");
        var configured = Environment.GetEnvironmentVariable("FLEET_RABBITMQ_MANAGEMENT");
        var management = string.IsNullOrWhiteSpace(configured) ? new Uri($"http://{broker.UserInfo}@{broker.Host}:15672/") : new Uri(configured);
        _http = new HttpClient { BaseAddress = new Uri(management.GetLeftPart(UriPartial.Authority) + "/"), Timeout = TimeSpan.FromSeconds(15) };
        var credentials = Uri.UnescapeDataString(string.IsNullOrEmpty(management.UserInfo) ? "guest:guest" : management.UserInfo);
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a new empty vhost (its amqp URI as argument) and deletes the
    /// vhost afterwards, also when the body failed or was cancelled; a failed delete is reported, not thrown.
    /// </summary>
    public async Task<T> UseAsync<T>(string label, Func<Uri, Task<T>> body, CancellationToken ct)
    {
        var (name, vhost) = await CreateAsync(label, ct);
        try
        {
            return await body(vhost);
        }
        finally
        {
            try
            {
                await SendAsync(HttpMethod.Delete, $"api/vhosts/{name}", null, CancellationToken.None);
            }
            catch (BenchFailedException ex)
            {
                await Console.Error.WriteLineAsync($"fleet: could not delete vhost {name}: {ex.Message}");
            }
        }
    }

    private async Task<(string Name, Uri Broker)> CreateAsync(string label, CancellationToken ct)
    {
        var name = $"fleet-bench-{label}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await SendAsync(HttpMethod.Put, $"api/vhosts/{name}", null, ct);
        using var rights = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        await SendAsync(HttpMethod.Put, $"api/permissions/{name}/{Uri.EscapeDataString(_user)}", rights, ct);
        return (name, new UriBuilder(_broker) { Path = "/" + name }.Uri);
    }

    private async Task SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            throw new BenchFailedException($"cannot reach the RabbitMQ management API at {_http.BaseAddress} (set FLEET_RABBITMQ_MANAGEMENT): {ex.Message}", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new BenchFailedException($"the RabbitMQ management API refused {method} {path}: {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
