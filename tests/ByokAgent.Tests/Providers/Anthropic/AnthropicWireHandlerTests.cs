using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Providers.Anthropic;

/// <summary>FakeProvider's Anthropic wire, seen by a plain HTTP client: what the SDK tests above rely on.</summary>
public sealed class AnthropicWireHandlerTests : IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private FakeProvider _fake = null!;
    private HttpClient _http = null!;

    private CancellationToken Timeout => _timeout.Token;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(Timeout);
        _http = new HttpClient { BaseAddress = _fake.BaseUri };
    }

    public Task DisposeAsync() => _fake.DisposeAsync().AsTask();

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Messages_Text_ReturnsMessageWithEchoedModelStopReasonUsageAndRequestId()
    {
        _fake.Enqueue(FakeReply.Text("Hello from the fake").WithUsage(21, 5));

        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "claude-sonnet-4-5" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        response.Headers.GetValues("request-id").Single().Should().StartWith("req_");
        var body = await ReadJsonAsync(response);
        body["id"]!.GetValue<string>().Should().StartWith("msg_01");
        body["type"]!.GetValue<string>().Should().Be("message");
        body["role"]!.GetValue<string>().Should().Be("assistant");
        body["model"]!.GetValue<string>().Should().Be("claude-sonnet-4-5");
        var block = body["content"]!.AsArray().Should().ContainSingle().Subject!;
        (block["type"]!.GetValue<string>(), block["text"]!.GetValue<string>()).Should().Be(("text", "Hello from the fake"));
        body["stop_reason"]!.GetValue<string>().Should().Be("end_turn");
        body["stop_sequence"].Should().BeNull();
        body["usage"]!["input_tokens"]!.GetValue<int>().Should().Be(21);
        body["usage"]!["output_tokens"]!.GetValue<int>().Should().Be(5);
    }

    [Fact]
    public async Task Messages_ToolCalls_ReturnsToolUseBlocksWithGivenOrSynthesizedIdsAndObjectInput()
    {
        _fake.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", """{"city":"Paris"}""", "toolu_given"),
            new FakeToolCall("get_time", "")));

        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "claude-test" });

        var body = await ReadJsonAsync(response);
        body["stop_reason"]!.GetValue<string>().Should().Be("tool_use");
        var blocks = body["content"]!.AsArray();
        blocks.Select(b => b!["type"]!.GetValue<string>()).Should().Equal("tool_use", "tool_use");
        blocks[0]!["id"]!.GetValue<string>().Should().Be("toolu_given");
        blocks[1]!["id"]!.GetValue<string>().Should().MatchRegex("^toolu_01[A-Za-z0-9]{22}$");
        blocks[0]!["name"]!.GetValue<string>().Should().Be("get_weather");
        blocks[0]!["input"]!["city"]!.GetValue<string>().Should().Be("Paris", "Anthropic sends input as an object, not a string");
        blocks[1]!["input"]!.AsObject().Should().BeEmpty();
    }

    [Fact]
    public async Task Messages_StreamedText_SendsTheDocumentedEventSequenceWithPaddingAndNoDone()
    {
        _fake.Enqueue(FakeReply.Text("one two three").WithUsage(30, 9));

        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "claude-test", ["stream"] = true });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = await ReadEventsAsync(response);
        events.Select(e => e.Name).Should().Equal(
            "message_start", "content_block_start", "ping",
            "content_block_delta", "content_block_delta", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop");
        events.Should().OnlyContain(e => JsonNode.Parse(e.Data)!["type"]!.GetValue<string>() == e.Name, "each data names its event");
        events.Where(e => e.Data.EndsWith(" }", StringComparison.Ordinal)).Should().NotBeEmpty("real data lines are padded");
        events.Should().NotContain(e => e.Data.Contains("[DONE]"));
        var deltas = events.Where(e => e.Name == "content_block_delta").Select(e => JsonNode.Parse(e.Data)!["delta"]!).ToList();
        deltas.Should().OnlyContain(d => d["type"]!.GetValue<string>() == "text_delta");
        string.Concat(deltas.Select(d => d["text"]!.GetValue<string>())).Should().Be("one two three");
        var start = JsonNode.Parse(events[0].Data)!["message"]!;
        start["usage"]!["input_tokens"]!.GetValue<int>().Should().Be(30);
        var messageDelta = JsonNode.Parse(events[^2].Data)!;
        messageDelta["delta"]!["stop_reason"]!.GetValue<string>().Should().Be("end_turn");
        messageDelta["usage"]!["output_tokens"]!.GetValue<int>().Should().Be(9);
        messageDelta["usage"]!["input_tokens"].Should().BeNull("input tokens come only with message_start, as documented");
    }

    [Fact]
    public async Task Messages_StreamedToolCalls_OpenEachBlockThenSendJsonFragmentsStartingEmpty()
    {
        const string Arguments = """{"city":"Reykjavík","unit":"celsius"}""";
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("get_weather", Arguments), new FakeToolCall("get_time", """{"zone":"UTC"}""", "toolu_b")));

        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "claude-test", ["stream"] = true });

        var events = await ReadEventsAsync(response);
        var starts = events.Where(e => e.Name == "content_block_start").Select(e => JsonNode.Parse(e.Data)!).ToList();
        starts.Select(s => s["index"]!.GetValue<int>()).Should().Equal(0, 1);
        starts.Select(s => s["content_block"]!["type"]!.GetValue<string>()).Should().Equal("tool_use", "tool_use");
        starts[0]["content_block"]!["id"]!.GetValue<string>().Should().StartWith("toolu_01");
        starts[1]["content_block"]!["id"]!.GetValue<string>().Should().Be("toolu_b");
        starts[0]["content_block"]!["input"]!.AsObject().Should().BeEmpty();
        var fragments = events.Where(e => e.Name == "content_block_delta").Select(e => JsonNode.Parse(e.Data)!)
            .Where(d => d["index"]!.GetValue<int>() == 0).Select(d => d["delta"]!).ToList();
        fragments.Should().OnlyContain(d => d["type"]!.GetValue<string>() == "input_json_delta");
        fragments[0]["partial_json"]!.GetValue<string>().Should().BeEmpty("the API's first fragment is empty");
        fragments.Should().HaveCountGreaterThan(2);
        string.Concat(fragments.Select(d => d["partial_json"]!.GetValue<string>())).Should().Be(Arguments);
        JsonNode.Parse(events[^2].Data)!["delta"]!["stop_reason"]!.GetValue<string>().Should().Be("tool_use");
    }

    [Fact]
    public async Task Messages_FinishReasonOverride_IsTranslatedToAStopReason()
    {
        _fake.Enqueue(FakeReply.Text("cut") with { FinishReason = "length" }, FakeReply.Text("paused") with { FinishReason = "pause_turn" });

        using var first = await PostMessagesAsync(new JsonObject { ["model"] = "claude-test" });
        using var second = await PostMessagesAsync(new JsonObject { ["model"] = "claude-test" });

        (await ReadJsonAsync(first))["stop_reason"]!.GetValue<string>().Should().Be("max_tokens");
        (await ReadJsonAsync(second))["stop_reason"]!.GetValue<string>().Should().Be("pause_turn");
    }

    [Fact]
    public async Task Messages_DropAfterChunks_CutsTheStreamAfterThatManyEvents()
    {
        _fake.Enqueue(FakeReply.Text("a reply that is cut short").WithDropAfterChunks(2));
        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "claude-test", ["stream"] = true });
        var events = new List<(string Name, string Data)>();

        var act = () => ReadEventsIntoAsync(response, events);

        await act.Should().ThrowAsync<Exception>("the connection is reset instead of ending cleanly");
        events.Select(e => e.Name).Should().Equal("message_start", "content_block_start");
    }

    [Fact]
    public async Task Messages_AcceptsBearerOrApiKey_AndRecordsWhichWasSent()
    {
        _fake.Enqueue(FakeReply.Text("via x-api-key"), FakeReply.Text("via bearer"));

        using var withApiKey = await PostMessagesAsync(new JsonObject { ["model"] = "m" }, request => request.Headers.Add("x-api-key", "sk-ant-one"));
        using var withBearer = await PostMessagesAsync(
            new JsonObject { ["model"] = "m" },
            request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-ant-two"));

        withApiKey.StatusCode.Should().Be(HttpStatusCode.OK);
        withBearer.StatusCode.Should().Be(HttpStatusCode.OK);
        (_fake.Requests[0].Header("x-api-key"), _fake.Requests[0].Header("Authorization")).Should().Be(("sk-ant-one", null));
        (_fake.Requests[1].Header("x-api-key"), _fake.Requests[1].Header("Authorization")).Should().Be((null, "Bearer sk-ant-two"));
    }

    [Fact]
    public async Task Messages_Unscripted_Returns500InAnthropicsErrorShape()
    {
        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "m" });

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var body = await ReadJsonAsync(response);
        body["type"]!.GetValue<string>().Should().Be("error");
        body["error"]!["type"]!.GetValue<string>().Should().Be("api_error");
        body["error"]!["message"]!.GetValue<string>().Should().Contain("FakeProvider: no scripted reply");
        body["request_id"]!.GetValue<string>().Should().StartWith("req_");
    }

    [Fact]
    public async Task Messages_UnderAPathPrefix_AreServed()
    {
        _fake.Enqueue(FakeReply.Text("gateway"));

        using var response = await PostMessagesAsync(new JsonObject { ["model"] = "m" }, path: "anthropic/v1/messages");

        (await ReadJsonAsync(response))["content"]![0]!["text"]!.GetValue<string>().Should().Be("gateway");
    }

    [Fact]
    public async Task Models_ListWithAnthropicVersion_IsAnthropicsListShape()
    {
        _fake.Models.Clear();
        _fake.Models.Add("claude-sonnet-4-5");
        _fake.Models.Add("claude-haiku-4-5");

        using var response = await GetWithAnthropicHeadersAsync("v1/models");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await ReadJsonAsync(response);
        body["data"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).Should().Equal("claude-sonnet-4-5", "claude-haiku-4-5");
        body["data"]!.AsArray().Should().OnlyContain(m =>
            m!["type"]!.GetValue<string>() == "model"
            && m["display_name"]!.GetValue<string>().Length > 0
            && DateTimeOffset.Parse(m["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).Year > 2000);
        body["has_more"]!.GetValue<bool>().Should().BeFalse();
        body["first_id"]!.GetValue<string>().Should().Be("claude-sonnet-4-5");
        body["last_id"]!.GetValue<string>().Should().Be("claude-haiku-4-5");
        body["object"].Should().BeNull("that is the OpenAI shape");
    }

    [Fact]
    public async Task Models_GetKnownAndUnknownId_ReturnsTheModelOr404NotFoundError()
    {
        _fake.Models.Add("claude-sonnet-4-5");

        using var known = await GetWithAnthropicHeadersAsync("v1/models/claude-sonnet-4-5");
        using var unknown = await GetWithAnthropicHeadersAsync("v1/models/claude-sonet-4-5");

        known.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadJsonAsync(known))["id"]!.GetValue<string>().Should().Be("claude-sonnet-4-5");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var error = await ReadJsonAsync(unknown);
        error["type"]!.GetValue<string>().Should().Be("error");
        error["error"]!["type"]!.GetValue<string>().Should().Be("not_found_error");
        error["error"]!["message"]!.GetValue<string>().Should().Be("model: claude-sonet-4-5");
        error["request_id"]!.GetValue<string>().Should().Be(unknown.Headers.GetValues("request-id").Single());
    }

    [Fact]
    public async Task Models_WithoutAnthropicHeaders_StayOnTheOpenAIWire()
    {
        using var openAI = await _http.GetAsync("v1/models", Timeout);
        using var onlyApiKey = new HttpRequestMessage(HttpMethod.Get, "v1/models");
        onlyApiKey.Headers.Add("x-api-key", "sk-ant-one");
        using var anthropic = await _http.SendAsync(onlyApiKey, Timeout);

        (await ReadJsonAsync(openAI))["object"]!.GetValue<string>().Should().Be("list");
        (await ReadJsonAsync(anthropic))["has_more"]!.GetValue<bool>().Should().BeFalse("x-api-key alone marks an Anthropic client");
    }

    [Fact]
    public async Task OpenAIChat_IsNotClaimedByTheAnthropicWire()
    {
        _fake.Enqueue(FakeReply.Text("openai"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions")
        {
            Content = new StringContent("""{"model":"gpt-test"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await _http.SendAsync(request, Timeout);

        (await ReadJsonAsync(response))["object"]!.GetValue<string>().Should().Be("chat.completion");
    }

    private async Task<HttpResponseMessage> PostMessagesAsync(JsonObject body, Action<HttpRequestMessage>? configure = null, string path = "v1/messages")
    {
        body["max_tokens"] ??= 64;
        body["messages"] ??= new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" });
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("anthropic-version", "2023-06-01");
        configure?.Invoke(request);
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeout);
    }

    private async Task<HttpResponseMessage> GetWithAnthropicHeadersAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("anthropic-version", "2023-06-01");
        return await _http.SendAsync(request, Timeout);
    }

    private async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Timeout))!;

    private async Task<List<(string Name, string Data)>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<(string Name, string Data)>();
        await ReadEventsIntoAsync(response, events);
        return events;
    }

    /// <summary>Reads <c>event:</c> + <c>data:</c> pairs line by line, keeping data verbatim (padding included).</summary>
    private async Task ReadEventsIntoAsync(HttpResponseMessage response, List<(string Name, string Data)> events)
    {
        using var stream = await response.Content.ReadAsStreamAsync(Timeout);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(Timeout) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null && data is not null)
                {
                    events.Add((name, data));
                }

                (name, data) = (null, null);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }
    }
}
