using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace WorkerFleet.Messaging;

/// <summary>The Generic Host builder every fleet process (worker, balancer) starts from.</summary>
public static class FleetHost
{
    /// <summary>
    /// <see cref="Host.CreateApplicationBuilder(string[])"/> without reloading configuration on
    /// change. The fleet is configured from the environment and its command line, never from files
    /// edited while it runs, and the default watched the content root (the working directory) with
    /// a recursive file-system watcher: a worker started in the repository held 625 inotify watches,
    /// and every file written below it (a build, a bench's journals) woke the worker and the balancer.
    /// </summary>
    public static HostApplicationBuilder CreateBuilder(string[]? args = null)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        return Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, Configuration = configuration });
    }
}
