namespace WorkerFleet.IntegrationTests.Infrastructure;

/// <summary>All real-broker tests share one broker and run one at a time (a 2-core machine).</summary>
[CollectionDefinition(Name)]
public sealed class BrokerCollection : ICollectionFixture<BrokerFixture>
{
    public const string Name = "broker";
}
