using System.Text.Json.Nodes;
using ByokAgent.Agents.Events;
using ByokAgent.Providers.Gemini;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class GeminiToolCallIndexesTests : IAsyncLifetime
{
    private readonly FixtureTools _tools = new();
    private QuirkHost _host = null!;

    public async Task InitializeAsync() => _host = await QuirkHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task GetStreamingResponseAsync_TwoParallelCallsWithoutIndex_StayTwoCalls()
    {
        _host.Fake.Enqueue(RecordedBodies.Stream(ParallelStream()));

        var updates = await _host.StreamAsync(_host.ChatClient(_host.Config("gemini")));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Should().HaveCount(2, "each index-less chunk is a whole call of its own");
        calls.Select(c => (c.CallId, c.Name, City: c.Arguments!.Values.Single()!.ToString())).Should().Equal(
            ("jm4owj31", "search_web", "Hangzhou weekend weather"),
            ("k2ld9x0q", "get_weather", "Hangzhou"));
    }

    [Fact]
    public async Task RunStreamingAsync_TwoParallelCallsWithoutIndex_RunsBothAndAnswersBoth()
    {
        _host.Fake.Enqueue(RecordedBodies.Stream(ParallelStream()), FakeReply.Text("Rain, hotels are cheap."));
        var session = await _host.SessionAsync(_host.Config("gemini"), _tools.Tool("search_web", "query"), _tools.Tool("get_weather", "city"));

        var events = await _host.CollectAsync(session.RunStreamingAsync("Weekend in Hangzhou?", _host.Timeout));

        events.OfType<AgentDoneEvent>().Should().ContainSingle();
        _tools.Calls.Should().BeEquivalentTo("search_web(Hangzhou weekend weather)", "get_weather(Hangzhou)");
        var followUp = _host.Messages(1);
        followUp.Single(m => m!["tool_calls"] is not null)!["tool_calls"]!.AsArray().Should().HaveCount(2);
        followUp.Where(m => m!["role"]!.GetValue<string>() == "tool").Select(m => m!["tool_call_id"]!.GetValue<string>())
            .Should().BeEquivalentTo("jm4owj31", "k2ld9x0q");
    }

    [Fact]
    public void RewriteChunk_ContinuationWithoutNameOrId_JoinsTheCallBeforeIt()
    {
        var stream = new GeminiToolCallIndexes().BeginStream();
        JsonObject[] chunks =
        [
            Chunk(new JsonObject { ["id"] = "a", ["function"] = new JsonObject { ["name"] = "f", ["arguments"] = "{\"x\":" } }),
            Chunk(new JsonObject { ["function"] = new JsonObject { ["arguments"] = "1}" } }),
            Chunk(new JsonObject { ["id"] = "b", ["function"] = new JsonObject { ["name"] = "g", ["arguments"] = "{}" } }),
        ];

        foreach (var chunk in chunks)
        {
            stream.RewriteChunk(chunk).Should().BeTrue();
        }

        chunks.Select(c => c["choices"]![0]!["delta"]!["tool_calls"]![0]!["index"]!.GetValue<int>()).Should().Equal(0, 0, 1);
    }

    [Fact]
    public void RewriteChunk_CallsThatHaveAnIndex_AreLeftAlone()
    {
        var stream = new GeminiToolCallIndexes().BeginStream();
        var chunk = Chunk(new JsonObject { ["index"] = 3, ["id"] = "a", ["function"] = new JsonObject { ["name"] = "f" } });

        stream.RewriteChunk(chunk).Should().BeFalse();
        chunk["choices"]![0]!["delta"]!["tool_calls"]![0]!["index"]!.GetValue<int>().Should().Be(3);
    }

    /// <summary>The recorded Gemini stream with a second parallel call in its own chunk, shaped like the first (no index).</summary>
    private static List<string> ParallelStream()
    {
        var events = RecordedBodies.Events("gemini", "stream_tool_call.http");
        var second = RecordedBodies.Data(events[0]);
        second["choices"]![0]!["delta"]!["tool_calls"] = new JsonArray(new JsonObject
        {
            ["function"] = new JsonObject { ["arguments"] = """{"city":"Hangzhou"}""", ["name"] = "get_weather" },
            ["id"] = "k2ld9x0q",
            ["type"] = "function",
        });
        events.Insert(1, RecordedBodies.Event(second));
        return events;
    }

    private static JsonObject Chunk(JsonObject call) => new()
    {
        ["choices"] = new JsonArray(new JsonObject { ["delta"] = new JsonObject { ["tool_calls"] = new JsonArray(call) }, ["index"] = 0 }),
    };
}
