using System.Text.Json.Nodes;
using ByokAgent.Agents.Events;
using ByokAgent.Providers.Gemini;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class GeminiThoughtSignaturesTests : IAsyncLifetime
{
    // The signatures in fixtures/providers/gemini/chat_tool_call_gemini3.http and stream_tool_call.http.
    private const string RecordedSignature = "EjQKMgEMOdbHJChLX75QUCJjyYlmPq0nF3k2b1Zr8vWcQ9sT4uYxA7eD6hGjKlMnBpRsTuVwXyZ=";

    private readonly FixtureTools _tools = new();
    private QuirkHost _host = null!;

    public async Task InitializeAsync() => _host = await QuirkHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RunAsync_Gemini3ToolCall_SecondRequestSendsTheSignatureBackOnThatCall()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("gemini", "chat_tool_call_gemini3.http"), FakeReply.Text("Sunny in Paris."));
        var session = await _host.SessionAsync(_host.Config("gemini", "gemini-3-flash-preview"), _tools.Tool("get_weather", "city"));

        var result = await session.RunAsync("Weather in Paris?", _host.Timeout);

        result.Text.Should().Be("Sunny in Paris.");
        _tools.Calls.Should().Equal("get_weather(Paris)");
        var call = AssistantCalls(_host.Messages(1)).Should().ContainSingle().Subject;
        call["id"]!.GetValue<string>().Should().Be("function-call-8809181845727874956");
        Signature(call).Should().Be(RecordedSignature);
        ToolMessage(_host.Messages(1))["tool_call_id"]!.GetValue<string>().Should().Be("function-call-8809181845727874956");
    }

    [Fact]
    public async Task RunStreamingAsync_Gemini3StreamedCall_SecondRequestSendsTheSignatureBack()
    {
        _host.Fake.Enqueue(QuirkHost.Fixture("gemini", "stream_tool_call.http"), FakeReply.Text("Rain on Saturday."));
        var session = await _host.SessionAsync(_host.Config("gemini", "gemini-3.1-flash-lite-preview"), _tools.Tool("search_web", "query"));

        var events = await _host.CollectAsync(session.RunStreamingAsync("Weekend weather in Hangzhou?", _host.Timeout));

        events.OfType<AgentDoneEvent>().Should().ContainSingle().Which.Result.Text.Should().Be("Rain on Saturday.");
        _tools.Calls.Should().Equal("search_web(Hangzhou weekend weather)");
        var call = AssistantCalls(_host.Messages(1)).Should().ContainSingle().Subject;
        call["id"]!.GetValue<string>().Should().Be("jm4owj31");
        Signature(call).Should().Be(RecordedSignature);
    }

    [Fact]
    public async Task RunStreamingAsync_ParallelCalls_OnlyTheSignedCallGetsItsSignatureBack()
    {
        // Gemini signs only the first of parallel calls; the second chunk is the recorded one with another, unsigned call.
        var events = RecordedBodies.Events("gemini", "stream_tool_call.http");
        var second = RecordedBodies.Data(events[0]);
        second["choices"]![0]!["delta"]!["tool_calls"] = new JsonArray(new JsonObject
        {
            ["function"] = new JsonObject { ["arguments"] = """{"query":"Hangzhou hotels"}""", ["name"] = "search_web" },
            ["id"] = "k2ld9x0q",
            ["type"] = "function",
        });
        events.Insert(1, RecordedBodies.Event(second));
        _host.Fake.Enqueue(RecordedBodies.Stream(events), FakeReply.Text("Done."));
        var session = await _host.SessionAsync(_host.Config("gemini"), _tools.Tool("search_web", "query"));

        await _host.CollectAsync(session.RunStreamingAsync("Plan my weekend", _host.Timeout));

        var calls = AssistantCalls(_host.Messages(1));
        calls.Select(c => c["id"]!.GetValue<string>()).Should().Equal("jm4owj31", "k2ld9x0q");
        Signature(calls[0]).Should().Be(RecordedSignature);
        calls[1]["extra_content"].Should().BeNull("Gemini did not sign it, so nothing may be invented");
    }

    [Fact]
    public async Task RunAsync_NextTurn_StillSendsTheSignatureOfTheEarlierCall()
    {
        _host.Fake.Enqueue(
            QuirkHost.Fixture("gemini", "chat_tool_call_gemini3.http"),
            FakeReply.Text("Sunny in Paris."),
            FakeReply.Text("You asked about Paris."));
        var session = await _host.SessionAsync(_host.Config("gemini"), _tools.Tool("get_weather", "city"));

        await session.RunAsync("Weather in Paris?", _host.Timeout);
        await session.RunAsync("What did I ask?", _host.Timeout);

        Signature(AssistantCalls(_host.Messages(2)).Single()).Should().Be(RecordedSignature);
    }

    [Fact]
    public async Task RunAsync_OtherProvider_GetsNoGoogleFieldsAdded()
    {
        // The same answer from a provider that is not Gemini: extra_content is Google's, so it is not echoed there.
        _host.Fake.Enqueue(QuirkHost.Fixture("gemini", "chat_tool_call_gemini3.http"), FakeReply.Text("ok"));
        var session = await _host.SessionAsync(_host.Config("openrouter"), _tools.Tool("get_weather", "city"));

        await session.RunAsync("Weather in Paris?", _host.Timeout);

        AssistantCalls(_host.Messages(1)).Single()["extra_content"].Should().BeNull();
        _host.Fake.Requests[1].Body.Should().NotContain("thought_signature");
    }

    [Fact]
    public void RewriteRequest_CallKnownOnlyBeyondCapacity_ForgetsTheOldestSignature()
    {
        var quirk = new GeminiThoughtSignatures();
        for (var i = 0; i <= GeminiThoughtSignatures.Capacity; i++)
        {
            quirk.RewriteCompletion(Completion($"call-{i}", $"sig-{i}"));
        }

        var request = Request("call-0", $"call-{GeminiThoughtSignatures.Capacity}");
        quirk.RewriteRequest(request).Should().BeTrue();

        var calls = request["messages"]![0]!["tool_calls"]!.AsArray().Select(c => c!.AsObject()).ToList();
        calls[0]["extra_content"].Should().BeNull("the oldest signature was dropped to bound memory");
        Signature(calls[1]).Should().Be($"sig-{GeminiThoughtSignatures.Capacity}");
    }

    [Fact]
    public void RewriteRequest_CallAlreadyCarryingExtraContent_IsLeftAlone()
    {
        var quirk = new GeminiThoughtSignatures();
        quirk.RewriteCompletion(Completion("call-1", "sig-new"));
        var request = Request("call-1");
        request["messages"]![0]!["tool_calls"]![0]!["extra_content"] = new JsonObject { ["google"] = new JsonObject { ["thought_signature"] = "sig-given" } };

        quirk.RewriteRequest(request).Should().BeFalse();
        Signature(request["messages"]![0]!["tool_calls"]![0]!.AsObject()).Should().Be("sig-given");
    }

    private static List<JsonObject> AssistantCalls(JsonArray messages) =>
        [.. messages.Single(m => m!["tool_calls"] is not null)!["tool_calls"]!.AsArray().Select(c => c!.AsObject())];

    private static JsonObject ToolMessage(JsonArray messages) => messages.Single(m => m!["role"]!.GetValue<string>() == "tool")!.AsObject();

    private static string? Signature(JsonObject call) => call["extra_content"]?["google"]?["thought_signature"]?.GetValue<string>();

    private static JsonObject Completion(string id, string signature) => new()
    {
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject
            {
                ["role"] = "assistant",
                ["tool_calls"] = new JsonArray(new JsonObject
                {
                    ["extra_content"] = new JsonObject { ["google"] = new JsonObject { ["thought_signature"] = signature } },
                    ["function"] = new JsonObject { ["arguments"] = "{}", ["name"] = "f" },
                    ["id"] = id,
                    ["type"] = "function",
                }),
            },
        }),
    };

    private static JsonObject Request(params string[] ids) => new()
    {
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "assistant",
            ["tool_calls"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = "f", ["arguments"] = "{}" },
            })]),
        }),
    };
}
