using WorkerFleet.Contracts;

namespace WorkerFleet.Messaging.Tests;

public class QueueReleaseTests
{
    private const string Queue = "fleet.w.lost.normal";

    private static QueueRelease Release() => new([Queue, "fleet.w.lost.high"]);

    private static WorkerHeartbeat Beat(string workerId, long sequence, params string[] holding) =>
        Beats.Idle(workerId, sequence) with { HoldingFrom = holding };

    [Fact]
    public void Settled_WaitsForTwoMoreBeatsOfEveryPeer_BeforeItReleases()
    {
        var release = Release();

        Assert.False(release.Settled([Beat("a", 10), Beat("b", 4)]));
        // The first beat after the empty check may have left before it: not enough.
        Assert.False(release.Settled([Beat("a", 11), Beat("b", 5)]));
        Assert.False(release.Settled([Beat("a", 12), Beat("b", 5)]));
        Assert.True(release.Settled([Beat("a", 12), Beat("b", 6)]));
    }

    [Fact]
    public void Settled_StaysFalse_WhilePeerHoldsATaskOfTheQueues()
    {
        var release = Release();
        release.Settled([Beat("a", 1)]);

        Assert.False(release.Settled([Beat("a", 3, Queue)]));
        Assert.False(release.Settled([Beat("a", 9, Queue, "fleet.w.other.normal")]));
        Assert.True(release.Settled([Beat("a", 10, "fleet.w.other.normal")]));
    }

    [Fact]
    public void Settled_CountsAPeerThatLeftOrRestarted_AsHoldingNothing()
    {
        var release = Release();
        release.Settled([Beat("gone", 7, Queue), Beat("restarted", 40, Queue)]);

        // Gone: no heartbeat any more (its channels closed, so what it held is ready again).
        // Restarted: its sequence began again at 1, from a new process.
        Assert.True(release.Settled([Beat("restarted", 1)]));
    }

    [Fact]
    public void Settled_IgnoresPeersThatJoinedAfterTheQueuesWereEmpty()
    {
        var release = Release();
        release.Settled([Beat("a", 1)]);

        // Nothing can be taken from an empty, unbound queue: a newcomer holds nothing of it.
        Assert.True(release.Settled([Beat("a", 3), Beat("newcomer", 1)]));
    }

    [Fact]
    public void Settled_IsImmediate_WithNoPeers_AndStartsOverAfterAReset()
    {
        var release = Release();
        Assert.True(release.Settled([]));

        release.Reset();
        Assert.False(release.Settled([Beat("a", 5)]));
        release.Reset();
        Assert.False(release.Settled([Beat("a", 7)]));
        Assert.True(release.Settled([Beat("a", 9)]));
    }
}
