using WorkerFleet.Planning.Optimal;

namespace WorkerFleet.Planning.Tests;

public class AllocationModelTests
{
    [Fact]
    public void Decompose_FillsTheLightestThievesFromTheHeaviestVictimsFirst()
    {
        var moves = AllocationModel.Decompose([5, 0, 3], [4, 0, 4]).ToList();

        Assert.Equal([new PlannedMove(0, 0, 4), new PlannedMove(0, 2, 1), new PlannedMove(2, 2, 3)], moves);
    }

    [Fact]
    public void Decompose_MovesNothing_WhenThePoolIsEmpty()
    {
        Assert.Empty(AllocationModel.Decompose([0, 0], [0]));
    }
}
