using System.Text;

namespace WorkerFleet.Scheduling.Tests;

public class TaskParserTests
{
    private const int Limit = 64 * 1024;

    private const string Full = """
        {"id":"t-1","kind":"resize","level":"critical","tenant":"acme","deadline":"2025-01-01T12:00:30Z","costMs":12.5,"payload":{"w":640,"tags":["a"]}}
        """;

    [Fact]
    public void Parse_ReadsEveryField_WhenBodyIsFull()
    {
        var result = Parse(Full, affinityHeader: "user-42");

        Assert.True(result.IsValid);
        var task = result.Task!;
        Assert.Equal("t-1", task.Id);
        Assert.Equal("resize", task.Kind);
        Assert.Equal(TaskLevel.Critical, task.Level);
        Assert.Equal("acme", task.Tenant);
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 12, 0, 30, TimeSpan.Zero), task.Deadline);
        Assert.Equal(12.5, task.CostMs);
        Assert.Equal("user-42", task.AffinityKey);
        Assert.Equal(640, task.Payload.GetProperty("w").GetInt32());
        Assert.Equal(new SchedulingInfo(TaskLevel.Critical, "acme", task.Deadline, 12.5), task.ToSchedulingInfo());
    }

    [Fact]
    public void Parse_LeavesOptionalFieldsNull_WhenBodyIsMinimal()
    {
        var result = Parse("""{"id":"t-2","kind":"echo","level":"low","payload":null}""", affinityHeader: "");

        Assert.True(result.IsValid);
        var task = result.Task!;
        Assert.Equal(TaskLevel.Low, task.Level);
        Assert.Null(task.Tenant);
        Assert.Null(task.Deadline);
        Assert.Null(task.CostMs);
        Assert.Null(task.AffinityKey);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Parse_ReadsDeadlineWithoutOffsetAsUtc()
    {
        var result = Parse("""{"id":"t","kind":"k","level":"critical","deadline":"2025-01-01T12:00:00","payload":{}}""");

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero), result.Task!.Deadline);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"id":"t","kind":"k","level":"low","payload":{}""")]
    public void Parse_RejectsAsMalformed_WhenBodyIsNotJson(string body) =>
        AssertRejected(Parse(body), DeadLetterReason.Malformed, string.Empty);

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("\"task\"")]
    [InlineData("null")]
    [InlineData("42")]
    public void Parse_RejectsAsMalformed_WhenBodyIsNotAnObject(string body) =>
        AssertRejected(Parse(body), DeadLetterReason.Malformed, "not a JSON object");

    [Theory]
    [InlineData("id")]
    [InlineData("kind")]
    [InlineData("level")]
    [InlineData("payload")]
    public void Parse_RejectsAsInvalidNamingTheField_WhenARequiredFieldIsMissing(string field)
    {
        var fields = new Dictionary<string, string> { ["id"] = "\"t\"", ["kind"] = "\"k\"", ["level"] = "\"high\"", ["payload"] = "{}" };
        fields.Remove(field);
        var body = "{" + string.Join(",", fields.Select(pair => $"\"{pair.Key}\":{pair.Value}")) + "}";

        AssertRejected(Parse(body), DeadLetterReason.Invalid, $"'{field}' is missing");
    }

    [Theory]
    [InlineData("""{"id":7,"kind":"k","level":"low","payload":{}}""", "'id'")]
    [InlineData("""{"id":"  ","kind":"k","level":"low","payload":{}}""", "'id'")]
    [InlineData("""{"id":"t","kind":null,"level":"low","payload":{}}""", "'kind'")]
    [InlineData("""{"id":"t","kind":"k","level":"low","tenant":5,"payload":{}}""", "'tenant'")]
    public void Parse_RejectsAsInvalidNamingTheField_WhenAFieldHasTheWrongType(string body, string field) =>
        AssertRejected(Parse(body), DeadLetterReason.Invalid, field);

    [Fact]
    public void Parse_RejectsAsInvalid_WhenLevelIsUnknown() =>
        AssertRejected(Parse("""{"id":"t","kind":"k","level":"urgent","payload":{}}"""), DeadLetterReason.Invalid, "level 'urgent'");

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("12345")]
    public void Parse_RejectsAsInvalid_WhenDeadlineIsNotATime(string deadline) =>
        AssertRejected(Parse($$$"""{"id":"t","kind":"k","level":"critical","deadline":{{{deadline}}},"payload":{}}"""), DeadLetterReason.Invalid, "'deadline'");

    [Theory]
    [InlineData("-1")]
    [InlineData("\"12\"")]
    [InlineData("1e400")]
    public void Parse_RejectsAsInvalid_WhenCostIsNotANonNegativeNumber(string cost) =>
        AssertRejected(Parse($$$"""{"id":"t","kind":"k","level":"low","costMs":{{{cost}}},"payload":{}}"""), DeadLetterReason.Invalid, "'costMs'");

    [Fact]
    public void Parse_RejectsAsOversize_WhenBodyExceedsTheLimit()
    {
        var body = Encoding.UTF8.GetBytes(Full);

        AssertRejected(TaskParser.Parse(body, maxBodyBytes: body.Length - 1), DeadLetterReason.Oversize, $"{body.Length} bytes");
        Assert.True(TaskParser.Parse(body, maxBodyBytes: body.Length).IsValid);
    }

    [Fact]
    public void Parse_RejectsAsMalformed_WhenNestingIsTooDeep()
    {
        var payload = new string('[', 100) + new string(']', 100);

        AssertRejected(Parse($$$"""{"id":"t","kind":"k","level":"low","payload":{{{payload}}}}"""), DeadLetterReason.Malformed, string.Empty);
    }

    private static TaskParseResult Parse(string body, string? affinityHeader = null) =>
        TaskParser.Parse(Encoding.UTF8.GetBytes(body), Limit, affinityHeader);

    private static void AssertRejected(TaskParseResult result, string reason, string detailFragment)
    {
        Assert.False(result.IsValid);
        Assert.Null(result.Task);
        Assert.Equal(reason, result.Reason);
        Assert.Contains(detailFragment, result.Detail, StringComparison.Ordinal);
    }
}
