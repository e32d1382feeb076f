using System.Globalization;
using WorkerFleet.IntegrationTests.Infrastructure;

namespace WorkerFleet.IntegrationTests;

/// <summary>
/// Fleet processes read their configuration once: the Generic Host's default reload-on-change
/// watched the working directory recursively (625 inotify watches for a worker started in the
/// repository), and every file written below it woke the worker and the balancer.
/// </summary>
[Collection(BrokerCollection.Name)]
public sealed class HostWatchTests(BrokerFixture broker) : IDisposable
{
    private readonly string _journals = Directory.CreateTempSubdirectory("fleet-journal-").FullName;

    [Fact]
    public async Task AWorkerAndABalancer_WatchNoFiles()
    {
        await using var vhost = await broker.CreateVhostAsync();
        await using var balancer = await BalancerProcess.StartAsync(vhost.Broker, "none", TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500));
        await using var worker = await WorkerProcess.StartAsync(vhost.Broker, "watch", 2, _journals);

        Assert.Equal(0, InotifyWatches(balancer.Id));
        Assert.Equal(0, InotifyWatches(worker.Process.Id));
    }

    public void Dispose() => Directory.Delete(_journals, recursive: true);

    /// <summary>The inotify watches a process holds, over all its inotify descriptors (Linux's /proc).</summary>
    private static int InotifyWatches(int pid)
    {
        var fds = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fd";
        Assert.True(Directory.Exists(fds), $"{fds} is missing: not Linux, or the process has gone");
        return Directory.EnumerateFileSystemEntries(fds)
            .Where(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Sum(fd => File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/fdinfo/{Path.GetFileName(fd)}")
                .Count(line => line.StartsWith("inotify wd:", StringComparison.Ordinal)));
    }
}
