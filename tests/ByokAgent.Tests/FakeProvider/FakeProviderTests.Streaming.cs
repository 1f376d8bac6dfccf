using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Testing;

public sealed partial class FakeProviderTests
{
    [Fact]
    public async Task Stream_Text_ArrivesAsSeveralDeltasThatReassemble()
    {
        _provider.Enqueue(FakeReply.Text("The quick brown fox"));

        var events = await StreamChatAsync(new JsonObject { ["model"] = "gpt-test", ["stream"] = true });

        events[^1].Should().Be("[DONE]");
        var chunks = events[..^1].Select(data => JsonNode.Parse(data)!).ToList();
        chunks.Should().OnlyContain(chunk => chunk["object"]!.GetValue<string>() == "chat.completion.chunk");
        chunks.Select(chunk => chunk["id"]!.GetValue<string>()).Distinct().Should().ContainSingle();
        chunks.Should().OnlyContain(chunk => chunk["model"]!.GetValue<string>() == "gpt-test");
        chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().Should().Be("assistant");
        var contents = chunks
            .Select(chunk => chunk["choices"]![0]!["delta"]!["content"]?.GetValue<string>())
            .Where(content => !string.IsNullOrEmpty(content))
            .ToList();
        contents.Should().HaveCountGreaterThan(1);
        string.Concat(contents).Should().Be("The quick brown fox");
        chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("stop");
        chunks.Should().NotContain(chunk => chunk["usage"] != null, "usage is only sent with include_usage");
    }

    [Fact]
    public async Task Stream_ToolCalls_OpenEachCallThenSplitArgumentsByIndex()
    {
        const string WeatherArgs = """{"city":"Paris","unit":"celsius"}""";
        const string TimeArgs = """{"zone":"Europe/Paris"}""";
        _provider.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", WeatherArgs, "call_weather"),
            new FakeToolCall("get_time", TimeArgs)));

        var events = await StreamChatAsync(new JsonObject { ["model"] = "gpt-test", ["stream"] = true });

        events[^1].Should().Be("[DONE]");
        var deltas = events[..^1].Select(data => JsonNode.Parse(data)!["choices"]![0]!).ToList();
        deltas[0]["delta"]!["role"]!.GetValue<string>().Should().Be("assistant");
        var toolDeltas = deltas
            .Where(choice => choice["delta"]!["tool_calls"] is not null)
            .Select(choice => choice["delta"]!["tool_calls"]![0]!.AsObject())
            .ToList();

        var openings = toolDeltas.Where(call => call.ContainsKey("id")).ToList();
        openings.Should().HaveCount(2);
        openings[0]["index"]!.GetValue<int>().Should().Be(0);
        openings[0]["id"]!.GetValue<string>().Should().Be("call_weather");
        openings[0]["type"]!.GetValue<string>().Should().Be("function");
        openings[0]["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        openings[0]["function"]!["arguments"]!.GetValue<string>().Should().BeEmpty();
        openings[1]["index"]!.GetValue<int>().Should().Be(1);
        openings[1]["id"]!.GetValue<string>().Should().StartWith("call_");
        openings[1]["function"]!["name"]!.GetValue<string>().Should().Be("get_time");

        var fragments = toolDeltas.Where(call => !call.ContainsKey("id")).ToList();
        fragments.Should().OnlyContain(call => !call.ContainsKey("type") && call["function"]!.AsObject().Count == 1);
        foreach (var (index, expected) in new[] { (0, WeatherArgs), (1, TimeArgs) })
        {
            var pieces = fragments
                .Where(call => call["index"]!.GetValue<int>() == index)
                .Select(call => call["function"]!["arguments"]!.GetValue<string>())
                .ToList();
            pieces.Should().HaveCountGreaterThanOrEqualTo(2);
            string.Concat(pieces).Should().Be(expected);
        }

        deltas[^1]["finish_reason"]!.GetValue<string>().Should().Be("tool_calls");
    }

    [Fact]
    public async Task Stream_WithIncludeUsage_EndsWithUsageChunkWithoutChoices()
    {
        _provider.Enqueue(FakeReply.Text("counted words").WithUsage(40, 2));

        var events = await StreamChatAsync(new JsonObject
        {
            ["model"] = "gpt-test",
            ["stream"] = true,
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
        });

        events[^1].Should().Be("[DONE]");
        var usageChunk = JsonNode.Parse(events[^2])!;
        usageChunk["choices"]!.AsArray().Should().BeEmpty();
        usageChunk["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(40);
        usageChunk["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(2);
        usageChunk["usage"]!["total_tokens"]!.GetValue<int>().Should().Be(42);
        var finish = JsonNode.Parse(events[^3])!;
        finish["choices"]![0]!["finish_reason"]!.GetValue<string>().Should().Be("stop");
        finish.AsObject().ContainsKey("usage").Should().BeTrue();
        finish["usage"].Should().BeNull();
    }

    [Fact]
    public async Task Stream_IsAChunkedEventStreamEndingWithDone()
    {
        _provider.Enqueue(FakeReply.Text("one two"));

        using var response = await PostChatAsync(
            new JsonObject { ["model"] = "gpt-test", ["stream"] = true },
            HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        response.Headers.TransferEncodingChunked.Should().BeTrue();
        var raw = await response.Content.ReadAsStringAsync(Timeout);
        raw.Should().StartWith("data: {").And.EndWith("data: [DONE]\n\n");
    }

    [Fact]
    public async Task FromFile_StreamFixture_IsReplayedByteForByte()
    {
        var fixture = SharedFixtures.ProviderFixture("openai", "stream_tool_call.http");
        _provider.Enqueue(FakeReply.FromFile(fixture));

        using var response = await PostChatAsync(
            new JsonObject { ["model"] = "gpt-4o-mini", ["stream"] = true },
            HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.ToString().Should().Be("text/event-stream; charset=utf-8");
        response.Headers.TransferEncodingChunked.Should().BeTrue();
        response.Headers.GetValues("x-request-id").Should().Equal("req_7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a");
        response.Headers.GetValues("openai-processing-ms").Should().Equal("512");
        var body = await response.Content.ReadAsByteArrayAsync(Timeout);
        body.Should().Equal(FixtureBody(fixture));

        var events = SplitData(Encoding.UTF8.GetString(body));
        events.Should().HaveCount(9);
        events[^1].Should().Be("[DONE]");
        var opening = JsonNode.Parse(events[0])!["choices"]![0]!["delta"]!["tool_calls"]![0]!;
        opening["id"]!.GetValue<string>().Should().Be("call_ZR5UUuTt3pf61kjwAJIYdVMj");
        string.Concat(events.Skip(1).Take(5).Select(data =>
                JsonNode.Parse(data)!["choices"]![0]!["delta"]!["tool_calls"]![0]!["function"]!["arguments"]!.GetValue<string>()))
            .Should().Be("""{"country":"UK"}""");
    }

    [Fact]
    public async Task FromFile_JsonFixture_KeepsStatusHeadersAndBody()
    {
        var fixture = SharedFixtures.ProviderFixture("openai", "invalid_model.http");
        _provider.Enqueue(FakeReply.FromFile(fixture));

        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-5.2-proo" });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.ToString().Should().Be("application/json; charset=utf-8");
        response.Content.Headers.ContentLength.Should().Be(FixtureBody(fixture).Length);
        response.Headers.GetValues("server").Should().Equal("cloudflare");
        (await response.Content.ReadAsByteArrayAsync(Timeout)).Should().Equal(FixtureBody(fixture));
    }

    [Fact]
    public void FromFile_RequestFixture_IsRejected()
    {
        var request = SharedFixtures.ProviderFixture("bedrock", "converse_tool_use.request.http");

        var act = () => FakeReply.FromFile(request);

        act.Should().Throw<InvalidDataException>().WithMessage("*not an HTTP status line*");
    }

    private async Task<List<string>> StreamChatAsync(JsonObject body)
    {
        using var response = await PostChatAsync(body, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return await SseReader.ReadDataAsync(response, Timeout);
    }

    // The fixture body is everything after the first blank line, as MANIFEST.md defines it.
    private static byte[] FixtureBody(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var separator = bytes.AsSpan().IndexOf("\n\n"u8);
        return bytes[(separator + 2)..];
    }

    private static List<string> SplitData(string body) =>
        [.. body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(evt => evt["data: ".Length..])];
}
