using System.Text.Json.Nodes;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class MissingToolCallIdsTests : IAsyncLifetime
{
    private readonly FixtureTools _tools = new();
    private QuirkHost _host = null!;

    public async Task InitializeAsync() => _host = await QuirkHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunAsync_Gemini25EmptyId_ResultGoesBackUnderTheSameNonEmptyId()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("gemini", "chat_tool_call.http"), FakeReply.Text("It is noon."));
        var session = await _host.SessionAsync(_host.Config("gemini", "gemini-2.5-pro"), _tools.Tool("get_current_time"));

        var result = await session.RunAsync("What time is it?", _host.Timeout);

        result.Text.Should().Be("It is noon.");
        _tools.Calls.Should().Equal("get_current_time()");
        var (callIds, resultIds) = Ids(_host.Messages(1));
        callIds.Should().ContainSingle().Which.Should().MatchRegex("^call_[0-9a-f]{24}$");
        resultIds.Should().Equal(callIds);
        result.ToolCalls.Single().Id.Should().Be(callIds[0]);
    }

    [Theory]
    [InlineData("gemini")]
    [InlineData("openai-compatible")]
    public async Task RunAsync_TwoCallsWithEmptyIds_EachResultMapsToItsOwnCall(string provider)
    {
        // The recorded Gemini 2.5 answer with a second call beside the first, both "id": "".
        var body = RecordedBodies.Json("gemini", "chat_tool_call.http");
        var calls = body["choices"]![0]!["message"]!["tool_calls"]!.AsArray();
        calls.Add(new JsonObject { ["function"] = new JsonObject { ["arguments"] = """{"city":"Oslo"}""", ["name"] = "get_weather" }, ["id"] = "", ["type"] = "function" });
        _host.Fake.Enqueue(RecordedBodies.Completion(body), FakeReply.Text("Noon, and sunny in Oslo."));
        var session = await _host.SessionAsync(_host.Config(provider), _tools.Tools(("get_current_time", null), ("get_weather", "city")));

        await session.RunAsync("Time, and weather in Oslo?", _host.Timeout);

        _tools.Calls.Should().BeEquivalentTo("get_current_time()", "get_weather(Oslo)");
        var followUp = _host.Messages(1);
        var (callIds, _) = Ids(followUp);
        callIds.Should().HaveCount(2).And.OnlyHaveUniqueItems().And.NotContain(string.Empty);
        ResultFor(followUp, "get_current_time").Should().Contain("get_current_time says").And.NotContain("Oslo");
        ResultFor(followUp, "get_weather").Should().Contain("get_weather says Oslo");
    }

    [Theory]
    [InlineData("""
        "id":"",
        """)]
    [InlineData("")]
    public async Task GetStreamingResponseAsync_StreamedCallWithEmptyOrNoId_GetsAnId(string idProperty)
    {
        // The recorded Gemini stream, its call's id replaced by "" or removed (a missing id used to throw in M.E.AI).
        var events = RecordedBodies.Events("gemini", "stream_tool_call.http");
        events[0] = events[0].Replace("\"id\":\"jm4owj31\",", idProperty.Trim(), StringComparison.Ordinal);

        _host.Fake.Enqueue(RecordedBodies.Stream(events));
        var updates = await _host.StreamAsync(_host.ChatClient(_host.Config("gemini")));

        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        call.CallId.Should().MatchRegex("^call_[0-9a-f]{24}$");
        call.Name.Should().Be("search_web");
    }

    private static (List<string> CallIds, List<string> ResultIds) Ids(JsonArray messages) =>
        ([.. messages.Where(m => m!["tool_calls"] is not null).SelectMany(m => m!["tool_calls"]!.AsArray()).Select(c => c!["id"]!.GetValue<string>())],
         [.. messages.Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => m!["tool_call_id"]!.GetValue<string>())]);

    private static string ResultFor(JsonArray messages, string toolName)
    {
        var id = messages.Where(m => m!["tool_calls"] is not null).SelectMany(m => m!["tool_calls"]!.AsArray())
            .Single(c => c!["function"]!["name"]!.GetValue<string>() == toolName)!["id"]!.GetValue<string>();
        return messages.Single(m => m!["role"]!.GetValue<string>() == "tool" && m["tool_call_id"]!.GetValue<string>() == id)!["content"]!.ToString();
    }
}
