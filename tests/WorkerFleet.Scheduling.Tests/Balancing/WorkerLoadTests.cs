using WorkerFleet.Scheduling.Balancing;

namespace WorkerFleet.Scheduling.Tests.Balancing;

public class WorkerLoadTests
{
    [Fact]
    public void ExpectedDrainMs_IsReadyPlusBusyTimesServiceOverSlots_WhenSampled()
    {
        var worker = new WorkerLoad
        {
            WorkerId = "w1",
            Slots = 4,
            BusySlots = 2,
            EwmaServiceMs = 40,
            Ready = new Dictionary<TaskLevel, long> { [TaskLevel.High] = 3, [TaskLevel.Low] = 3 },
        };

        Assert.Equal(6, worker.ReadyTotal);
        Assert.Equal((6 + 2) * 40 / 4.0, worker.ExpectedDrainMs(20));
        Assert.Equal(2, worker.FreeSlots);
    }

    [Fact]
    public void ExpectedDrainMs_UsesFleetDefaultScaledBySpeed_WhenNoSampleYet()
    {
        var worker = new WorkerLoad { WorkerId = "w1", Slots = 2, Speed = 2, Ready = new Dictionary<TaskLevel, long> { [TaskLevel.Normal] = 4 } };

        Assert.Equal(10, worker.ServiceMs(20));
        Assert.Equal(4 * 10 / 2.0, worker.ExpectedDrainMs(20));
    }

    [Fact]
    public void ExpectedDrainMs_IgnoresSpeed_WhenSampled()
    {
        var worker = new WorkerLoad { WorkerId = "w1", Slots = 1, Speed = 4, EwmaServiceMs = 30, BusySlots = 1 };

        Assert.Equal(30, worker.ExpectedDrainMs(20));
    }

    [Fact]
    public void FreeSlots_IsZero_WhenBusyExceedsSlots()
    {
        var worker = new WorkerLoad { WorkerId = "w1", Slots = 2, BusySlots = 3 };

        Assert.Equal(0, worker.FreeSlots);
    }

    [Fact]
    public void ReadyAt_IsZero_ForALevelNotReported()
    {
        var worker = new WorkerLoad { WorkerId = "w1", Slots = 1, Ready = new Dictionary<TaskLevel, long> { [TaskLevel.Low] = 5 } };

        Assert.Equal(0, worker.ReadyAt(TaskLevel.Critical));
        Assert.Equal(5, worker.ReadyAt(TaskLevel.Low));
    }

    [Fact]
    public void Construction_Throws_WhenAValueWouldBreakTheArithmetic()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerLoad { WorkerId = "w1", Slots = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerLoad { WorkerId = "w1", Slots = 1, Speed = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerLoad { WorkerId = "w1", Slots = 1, BusySlots = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerLoad { WorkerId = "w1", Slots = 1, EwmaServiceMs = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerLoad { WorkerId = "w1", Slots = 1, Ready = new Dictionary<TaskLevel, long> { [TaskLevel.High] = -1 } });
    }
}
