using ByokAgent.Agents.Plugins;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;

namespace ByokAgent.Tests.Agents.Plugins;

public sealed class ClockPluginTests
{
    private static readonly DateTimeOffset Moment = new(2026, 11, 23, 12, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(null, "2026-11-23T12:30:00+00:00 (Monday, UTC)")]
    [InlineData("utc", "2026-11-23T12:30:00+00:00 (Monday, UTC)")]
    [InlineData("Asia/Tokyo", "2026-11-23T21:30:00+09:00 (Monday, Asia/Tokyo)")]
    [InlineData("America/New_York", "2026-11-23T07:30:00-05:00 (Monday, America/New_York)")]
    public void Now_GivesTheTimeInTheZone(string? zone, string expected) =>
        new ClockPlugin(new FixedTime(Moment)).Now(zone).Should().Be(expected);

    [Fact]
    public void Now_UnknownZone_TellsTheModelInsteadOfThrowing() =>
        new ClockPlugin(new FixedTime(Moment)).Now("Mars/Olympus").Should().Be("Unknown time zone 'Mars/Olympus'. Use an IANA id such as Europe/Paris.");

    [Fact]
    public async Task EverySession_GetsTheClockTool_UnlessSwitchedOff()
    {
        await using var fake = await FakeProvider.StartAsync();
        fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("clock_now", """{"timeZone":"Europe/Paris"}""")), FakeReply.Text("It is afternoon in Paris."), FakeReply.Text("no tools"));
        await using var on = TestRuntime.Create();
        await using var off = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Agent:ClockTool"] = "false" });

        var result = await (await on.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(fake))).RunAsync("What time is it in Paris?");
        await (await off.Runtime.CreateSessionAsync(TestRuntime.ConfigFor(fake))).RunAsync("hi");

        result.ToolCalls.Should().ContainSingle().Which.Result.Should().Contain("Europe/Paris");
        fake.Requests[0].Json!["tools"]!.AsArray().Select(t => t!["function"]!["name"]!.GetValue<string>()).Should().Contain("clock_now");
        fake.Requests[2].Json!["tools"].Should().BeNull();
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
