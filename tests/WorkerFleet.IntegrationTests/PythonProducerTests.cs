using System.Diagnostics;
using WorkerFleet.IntegrationTests.Infrastructure;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class PythonProducerTests(BrokerFixture broker)
{
    [Fact]
    public async Task TasksFromAPythonPikaProducer_FollowingTheProtocol_AllRun()
    {
        await using var vhost = await broker.CreateVhostAsync();
        var observer = new RecordingObserver();
        await using var worker = await TestWorker.StartAsync(vhost.Broker, "py", 4, observer);

        var script = Path.Combine(AppContext.BaseDirectory, "python", "producer.py");
        using var producer = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, vhost.Broker.ToString(), "200", "py"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var errors = await producer.StandardError.ReadToEndAsync();
        await producer.WaitForExitAsync();
        Assert.True(producer.ExitCode == 0, $"python producer failed (is python3-pika installed?): {errors}");

        await observer.WaitForDistinctAsync(200, TimeSpan.FromSeconds(60));
        var records = observer.Records;
        Assert.Equal(200, records.Count);
        Assert.All(records, r => Assert.Equal("completed", r.Outcome));
        Assert.Equal(["critical", "high", "low", "normal"], records.Select(r => r.Level).Distinct().Order());
        Assert.Equal(3, records.Select(r => r.Tenant).Distinct().Count());
        Assert.All(records, r => Assert.NotNull(r.SubmittedAtMs));
    }
}
