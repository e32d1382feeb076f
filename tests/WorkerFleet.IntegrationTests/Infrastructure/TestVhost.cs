namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>An isolated vhost of the test broker; disposing deletes it with everything in it.</summary>
public sealed class TestVhost(Uri broker, Func<Task> delete) : IAsyncDisposable
{
    public Uri Broker { get; } = broker;

    public async ValueTask DisposeAsync() => await delete();
}
