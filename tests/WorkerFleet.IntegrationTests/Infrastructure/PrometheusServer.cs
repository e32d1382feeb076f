using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Prometheus (scripts/test.sh installs it) scraping the given targets every 500 ms, with
/// its data in a temporary folder; stopped by PID. Its HTTP API answers instant queries.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public static async Task<PrometheusServer> StartAsync(params int[] targetPorts)
    {
        var folder = Directory.CreateTempSubdirectory("fleet-prometheus-").FullName;
        var targets = string.Join(", ", targetPorts.Select(port => $"'127.0.0.1:{port}'"));
        var config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 500ms
              scrape_timeout: 400ms
            scrape_configs:
              - job_name: workerfleet
                static_configs:
                  - targets: [{targets}]
            """);
        var port = FreePort();
        var start = new ProcessStartInfo("prometheus",
            [$"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}", $"--web.listen-address=127.0.0.1:{port}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start prometheus");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, port);
        try
        {
            await server.UntilAsync(async () => await server.IsReadyAsync(), TimeSpan.FromSeconds(30), "prometheus to be ready");
            return server;
        }
        catch
        {
            // The caller never gets the server to dispose: stop the process here, or it outlives the test run.
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A port nothing listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The sum of an instant query's values; null while it has no series.</summary>
    public async Task<double?> QueryAsync(string promQl)
    {
        using var response = await _http.GetAsync("api/v1/query?query=" + Uri.EscapeDataString(promQl));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var series = json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().ToList();
        return series.Count == 0
            ? null
            : series.Sum(s => double.Parse(s.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _http.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Polls <paramref name="condition"/> (a query, say) until it holds; fails the test after <paramref name="timeout"/>.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            Assert.False(cts.IsCancellationRequested, $"timed out after {timeout.TotalSeconds} s waiting for {what}");
            if (_process.HasExited)
            {
                Assert.Fail($"prometheus exited ({_process.ExitCode}) while waiting for {what}");
            }

            await Task.Delay(100, CancellationToken.None);
        }
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _http.GetAsync("-/ready");
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }
}
