using Microsoft.Extensions.Options;
using WorkerFleet.IntegrationTests.Infrastructure;

namespace WorkerFleet.IntegrationTests;

[Collection(BrokerCollection.Name)]
public sealed class ConfigurationTests(BrokerFixture broker)
{
    [Theory]
    [InlineData("Worker:Slots", "0", "Worker:Slots")]
    [InlineData("Worker:Id", "has.dots", "Worker:Id")]
    [InlineData("Worker:RingWeight", "0", "Worker:RingWeight")]
    [InlineData("Worker:Scheduler:LowWeight", "-1", "Scheduler:LowWeight")]
    [InlineData("Worker:TaskTimeout", "00:00:00", "Worker:TaskTimeout")]
    [InlineData("Metrics:Port", "70000", "Metrics:Port")]
    public async Task BadSetting_StopsTheWorkerAtStart_WithAMessageNamingIt(string key, string value, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestWorker.StartAsync(broker.Broker, "cfg", 2, new RecordingObserver(), new Dictionary<string, string?> { [key] = value }));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
