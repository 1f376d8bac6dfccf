using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Testing;

public sealed partial class FakeProviderTests
{
    [Fact]
    public async Task Error_SendsStatusBodyAndHeaders()
    {
        const string Body = """{"error":{"message":"Rate limit reached","type":"requests","param":null,"code":"rate_limit_exceeded"}}""";
        _provider.Enqueue(FakeReply.Error(429, Body, new Dictionary<string, string> { ["retry-after"] = "7" })
            .WithHeader("x-ratelimit-remaining-requests", "0"));

        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-test", ["stream"] = true });

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(7));
        response.Headers.GetValues("x-ratelimit-remaining-requests").Should().Equal("0");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await response.Content.ReadAsStringAsync(Timeout)).Should().Be(Body);
    }

    [Fact]
    public async Task DropAfterChunks_CutsTheStreamAfterThatManyEvents()
    {
        _provider.Enqueue(FakeReply.Text("this reply has many words and will not finish").WithDropAfterChunks(3));

        using var response = await PostChatAsync(
            new JsonObject { ["model"] = "gpt-test", ["stream"] = true },
            HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var events = new List<string>();
        var read = () => SseReader.ReadIntoAsync(response, events, Timeout);

        await read.Should().ThrowAsync<Exception>().Where(e => e is IOException || e is HttpRequestException);
        events.Should().HaveCount(3).And.NotContain("[DONE]");
    }

    [Fact]
    public async Task StallAfterChunks_HoldsTheStreamUntilReleased_ThenFinishesIt()
    {
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _provider.Enqueue(FakeReply.Text("one two three four").WithStallAfterChunks(2, resume.Task));

        using var response = await PostChatAsync(
            new JsonObject { ["model"] = "gpt-test", ["stream"] = true },
            HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await ReadEventAsync(reader);
        var second = await ReadEventAsync(reader);
        var third = ReadEventAsync(reader);
        var stalled = await Task.WhenAny(third, Task.Delay(TimeSpan.FromMilliseconds(200))) != third;
        resume.SetResult();
        var rest = new List<string> { await third };
        while (rest[^1] != "[DONE]")
        {
            rest.Add(await ReadEventAsync(reader));
        }

        first.Should().Contain("\"role\"");
        second.Should().Contain("\"content\"");
        stalled.Should().BeTrue("the third event waits for the release");
        rest.Should().HaveCountGreaterThan(1).And.EndWith("[DONE]");
    }

    // The next SSE event's data, skipping the blank separator lines.
    private async Task<string> ReadEventAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync().WaitAsync(Timeout) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        throw new EndOfStreamException("The stream ended.");
    }

    [Fact]
    public async Task DropAfterChunks_OnANonStreamedReply_SendsTheStatusThenCutsTheBody()
    {
        _provider.Enqueue(FakeReply.Text("never delivered") with { DropAfterChunks = 0 });

        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" }, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentLength.Should().BeNull("a cut body must not look complete");
        var read = () => response.Content.ReadAsStringAsync(Timeout);

        await read.Should().ThrowAsync<HttpRequestException>();
    }

    [Fact]
    public async Task Latency_DelaysTheResponseHeaders()
    {
        var latency = TimeSpan.FromMilliseconds(300);
        _provider.Enqueue(FakeReply.Text("late") with { Latency = latency });

        var clock = Stopwatch.StartNew();
        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" }, HttpCompletionOption.ResponseHeadersRead);

        clock.Elapsed.Should().BeGreaterThanOrEqualTo(latency - TimeSpan.FromMilliseconds(20)); // timer granularity
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Latency_EndsWhenTheClientAborts_AndTheServerKeepsServing()
    {
        _provider.Enqueue(FakeReply.Text("too late").WithLatency(TimeSpan.FromMinutes(5)), FakeReply.Text("next"));
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        using var slow = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = JsonContent(new JsonObject { ["model"] = "gpt-test" }),
        };
        var pending = _http.SendAsync(slow, abort.Token);

        await _provider.WaitForRequestsAsync(1, Timeout);
        await abort.CancelAsync();

        await pending.Invoking(async task => await task).Should().ThrowAsync<OperationCanceledException>();
        using var next = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" });
        (await ReadJsonAsync(next))["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be("next");
    }

    [Fact]
    public async Task DisposeAsync_EndsAPendingLatencyWithoutWaitingForIt()
    {
        _provider.Enqueue(FakeReply.Text("never").WithLatency(TimeSpan.FromMinutes(5)));
        var pending = PostChatAsync(new JsonObject { ["model"] = "gpt-test" });
        await _provider.WaitForRequestsAsync(1, Timeout);

        var clock = Stopwatch.StartNew();
        await _provider.DisposeAsync();

        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(4));
        await pending.Invoking(async task => await task).Should().ThrowAsync<HttpRequestException>();
    }
}
