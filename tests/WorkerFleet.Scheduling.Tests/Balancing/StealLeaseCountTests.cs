using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Scheduling.Tests.Balancing;

public class StealLeaseCountTests
{
    [Theory]
    [InlineData(8, 100, 8)]   // a deep victim queue: the thief's whole credit
    [InlineData(8, 9, 5)]     // half the queue, rounded up
    [InlineData(8, 1, 1)]     // the last task
    [InlineData(8, 0, 0)]     // nothing behind the last steal: the lease is over
    [InlineData(0, 100, 0)]   // no credit
    public void LeaseCount_IsTheCredit_AtMostHalfWhatTheVictimStillHeld(int credit, long readyBehind, int expected) =>
        Assert.Equal(expected, StealPolicy.LeaseCount(credit, readyBehind));
}
