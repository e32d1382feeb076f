using WorkerFleet.Cli.Bench;

namespace WorkerFleet.Cli.Tests.Bench;

public class JournalLineCounterTests
{
    [Fact]
    public void CountNew_CountsOnlyCompleteLinesAppendedSinceTheLastLook_AcrossJournals()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("w1.jsonl"), "{\"taskId\":\"a\"}\n{\"taskId\":\"b\"}\n{\"task");
        File.WriteAllText(folder.File("w2.jsonl"), "{\"taskId\":\"c\"}\n");
        File.WriteAllText(folder.File("notes.txt"), "not a journal\n");
        var counter = new JournalLineCounter(folder.Path);

        Assert.Equal(3, counter.CountNew());
        Assert.Equal(0, counter.CountNew());

        File.AppendAllText(folder.File("w1.jsonl"), "Id\":\"d\"}\n{\"taskId\":\"e\"}\n");
        Assert.Equal(2, counter.CountNew());
    }

    [Fact]
    public void CountNew_CountsAReplacedJournalFromItsStart()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("w1.jsonl"), "{\"taskId\":\"a\"}\n{\"taskId\":\"b\"}\n");
        var counter = new JournalLineCounter(folder.Path);
        Assert.Equal(2, counter.CountNew());

        File.WriteAllText(folder.File("w1.jsonl"), "{\"taskId\":\"x\"}\n");
        Assert.Equal(1, counter.CountNew());
    }
}
