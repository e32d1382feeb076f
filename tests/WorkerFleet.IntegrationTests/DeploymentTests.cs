using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;
using WorkerFleet.IntegrationTests.Infrastructure;
using WorkerFleet.Messaging.Balancer;
using WorkerFleet.Messaging.Metrics;
using WorkerFleet.Runtime;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// The Helm chart as `helm` renders it (FLEET_HELM, installed by scripts/test.sh) and the compose
/// file: the settings they pass are ones the hosts bind, so a misspelt variable cannot silently
/// fall back to a default. No broker needed.
/// </summary>
public sealed partial class DeploymentTests
{
    private static readonly Dictionary<string, Type> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [WorkerOptions.Section] = typeof(WorkerOptions),
        [BalancerOptions.Section] = typeof(BalancerOptions),
        [MetricsOptions.Section] = typeof(MetricsOptions),
    };

    private static string Chart => Path.Combine(RepositoryRoot.Path, "helm", "workerfleet");

    [Fact]
    public async Task Chart_Lints_AndRendersWorkersAndBalancersThatServeMetrics_UnlessTurnedOff()
    {
        await HelmAsync("lint", Chart);
        var rendered = await HelmAsync("template", "t", Chart);
        Assert.Equal(2, Regex.Count(rendered, @"(?m)^kind: Deployment$"));
        Assert.Equal(2, Regex.Count(rendered, @"name: Metrics__Port\s+value: ""9464"""));
        Assert.Equal(2, Regex.Count(rendered, @"prometheus\.io/scrape: ""true"""));
        Assert.Equal(2, Regex.Count(rendered, @"containerPort: 9464"));

        var off = await HelmAsync("template", "t", Chart, "--set", "metrics.port=0");
        Assert.DoesNotContain("Metrics__Port", off, StringComparison.Ordinal);
        Assert.DoesNotContain("prometheus.io", off, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EverySettingTheChartAndComposePass_IsOneTheHostsBind()
    {
        var rendered = await HelmAsync("template", "t", Chart);
        var compose = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Path, "compose", "docker-compose.yml"));
        var names = ChartSetting().Matches(rendered).Concat(ComposeSetting().Matches(compose))
            .Select(match => match.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();

        Assert.Contains("Worker__Slots", names);
        Assert.Contains("Balancer__Balancing__Strategy", names);
        Assert.DoesNotContain(names, name => !Binds(name));
    }

    /// <summary>Whether Section__A__B names a public settable property path, as the configuration binder matches it (ignoring case).</summary>
    private static bool Binds(string variable)
    {
        var path = variable.Split("__");
        if (!Sections.TryGetValue(path[0], out var type))
        {
            return false;
        }

        foreach (var segment in path.Skip(1))
        {
            var property = type.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                return false;
            }

            type = property.PropertyType;
        }

        return true;
    }

    private static async Task<string> HelmAsync(params string[] arguments)
    {
        var helm = Environment.GetEnvironmentVariable("FLEET_HELM");
        Assert.False(string.IsNullOrEmpty(helm), "FLEET_HELM is not set: run scripts/test.sh, which installs helm");
        var start = new ProcessStartInfo(helm!, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(process.ExitCode == 0, $"helm {string.Join(' ', arguments)}: {await errors}");
        return await output;
    }

    [GeneratedRegex(@"- name: ((?:Worker|Balancer|Metrics)__[A-Za-z_]+)")]
    private static partial Regex ChartSetting();

    [GeneratedRegex(@"(?m)^\s+((?:Worker|Balancer|Metrics)__[A-Za-z_]+):")]
    private static partial Regex ComposeSetting();
}
