using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace WorkerFleet.Scheduling.Tests;

public class LookaheadPolicyTests
{
    private static readonly LookaheadPolicy Policy = new(TimeSpan.FromMilliseconds(50), max: 500);

    [Fact]
    public void Prefetch_IsTwiceTheSlots_BeforeAnyServiceTimeIsMeasured()
    {
        Assert.Equal(32, Policy.Prefetch(slots: 16, serviceMs: 0));
        Assert.Equal(32, Policy.Prefetch(slots: 16, serviceMs: double.NaN));
    }

    [Fact]
    public void Prefetch_CoversTheWindowPerSlot_ForShortTasks()
    {
        // 4 slots x 50 ms of 1 ms tasks: 200 held keep every slot busy for 50 ms.
        Assert.Equal(200, Policy.Prefetch(slots: 4, serviceMs: 1));
    }

    [Fact]
    public void Prefetch_StaysAtTwiceTheSlots_ForTasksLongerThanHalfTheWindow()
    {
        // 20 ms tasks: 4 x 50 / 20 = 10 held, just above the 2 x slots floor of 8; 100 ms tasks: the floor.
        Assert.Equal(10, Policy.Prefetch(slots: 4, serviceMs: 20));
        Assert.Equal(8, Policy.Prefetch(slots: 4, serviceMs: 100));
    }

    [Fact]
    public void Prefetch_TheWindowRaisesItAtMostToTheMaximum_ButNeverBelowTwiceTheSlots()
    {
        Assert.Equal(500, Policy.Prefetch(slots: 16, serviceMs: 0.01));
        Assert.Equal(2048, Policy.Prefetch(slots: 1024, serviceMs: 0.01));
    }

    [Theory]
    [InlineData(32, 500, true)]
    [InlineData(32, 64, true)]
    [InlineData(32, 63, false)]
    [InlineData(500, 251, false)]
    [InlineData(500, 250, true)]
    public void ShouldChange_OnlyByAFactorOfTwo(int current, int target, bool expected) =>
        Assert.Equal(expected, LookaheadPolicy.ShouldChange(current, target));

    [Fact]
    public void Constructor_RefusesAnEmptyWindowAndPrefetchesBeyondAmqp()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookaheadPolicy(TimeSpan.Zero, 500));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LookaheadPolicy(TimeSpan.FromMilliseconds(1), 70_000));
    }

    [Property]
    public Property HeldWork_PerSlot_IsAtMostTheWindow_AboveTheFloor(PositiveInt slotsSeed, PositiveInt serviceMicros)
    {
        var slots = (slotsSeed.Get % 64) + 1;
        var serviceMs = serviceMicros.Get / 1000.0;
        var prefetch = Policy.Prefetch(slots, serviceMs);
        var heldMsPerSlot = prefetch * serviceMs / slots;
        var atFloor = prefetch == 2 * slots;
        return (atFloor || heldMsPerSlot < Policy.Window.TotalMilliseconds + serviceMs)
            .Label($"slots {slots}, service {serviceMs} ms: prefetch {prefetch} holds {heldMsPerSlot} ms per slot")
            .And(prefetch >= 2 * slots && prefetch <= Math.Max(2 * slots, Policy.Max));
    }
}
