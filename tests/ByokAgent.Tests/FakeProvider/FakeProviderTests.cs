using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using ByokAgent.Testing;

namespace ByokAgent.Tests.Testing;

// Namespace ByokAgent.Tests.Testing, not ...FakeProvider, so the type name FakeProvider stays unambiguous here.
public sealed partial class FakeProviderTests : IAsyncLifetime, IDisposable
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(20));
    private FakeProvider _provider = null!;
    private HttpClient _http = null!;

    private CancellationToken Timeout => _timeout.Token;

    public async Task InitializeAsync()
    {
        _provider = await FakeProvider.StartAsync(Timeout);
        _http = new HttpClient { BaseAddress = _provider.OpenAIBaseUri };
    }

    public Task DisposeAsync() => _provider.DisposeAsync().AsTask();

    public void Dispose()
    {
        _http.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public void StartAsync_BindsLoopbackWithRealPort()
    {
        _provider.BaseUri.Host.Should().Be("127.0.0.1");
        _provider.BaseUri.Port.Should().BeGreaterThan(0);
        _provider.BaseUri.AbsolutePath.Should().Be("/");
        _provider.OpenAIBaseUri.Should().Be(new Uri(_provider.BaseUri, "v1/"));
    }

    [Fact]
    public async Task Chat_NonStreamingText_ReturnsCompletionWithEchoedModelAndUsage()
    {
        _provider.Enqueue(FakeReply.Text("Hello from the fake").WithUsage(21, 5));

        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-4o-mini" });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        var body = await ReadJsonAsync(response);
        body["id"]!.GetValue<string>().Should().StartWith("chatcmpl-");
        body["object"]!.GetValue<string>().Should().Be("chat.completion");
        body["created"]!.GetValue<long>().Should().BeGreaterThan(1_700_000_000);
        body["model"]!.GetValue<string>().Should().Be("gpt-4o-mini");
        var choice = body["choices"]![0]!;
        choice["index"]!.GetValue<int>().Should().Be(0);
        choice["message"]!["role"]!.GetValue<string>().Should().Be("assistant");
        choice["message"]!["content"]!.GetValue<string>().Should().Be("Hello from the fake");
        choice["finish_reason"]!.GetValue<string>().Should().Be("stop");
        body["usage"]!["prompt_tokens"]!.GetValue<int>().Should().Be(21);
        body["usage"]!["completion_tokens"]!.GetValue<int>().Should().Be(5);
        body["usage"]!["total_tokens"]!.GetValue<int>().Should().Be(26);
    }

    [Fact]
    public async Task Chat_NonStreamingToolCalls_HasNullContentAndArgumentsAsJsonString()
    {
        _provider.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", """{"city":"Paris"}""", "call_fixed"),
            new FakeToolCall("get_time", "{}")));

        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" });

        var choice = (await ReadJsonAsync(response))["choices"]![0]!;
        choice["finish_reason"]!.GetValue<string>().Should().Be("tool_calls");
        var message = choice["message"]!.AsObject();
        message.ContainsKey("content").Should().BeTrue();
        message["content"].Should().BeNull();
        var calls = message["tool_calls"]!.AsArray();
        calls.Should().HaveCount(2);
        calls[0]!["id"]!.GetValue<string>().Should().Be("call_fixed");
        calls[0]!["type"]!.GetValue<string>().Should().Be("function");
        calls[0]!["function"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        calls[0]!["function"]!["arguments"]!.GetValue<string>().Should().Be("""{"city":"Paris"}""");
        calls[1]!["id"]!.GetValue<string>().Should().StartWith("call_").And.NotBe("call_fixed");
        calls[1]!["function"]!["name"]!.GetValue<string>().Should().Be("get_time");
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/chat/completions")]
    [InlineData("/api/coding/paas/v4/chat/completions")]
    [InlineData("/compatible-mode/v1/chat/completions")]
    [InlineData("/api/v1/chat/completions")]
    [InlineData("/v1beta/openai/chat/completions")]
    public async Task Chat_AnyProviderPrefix_IsServed(string path)
    {
        _provider.Enqueue(FakeReply.Text("ok"));

        using var response = await _http.PostAsync(
            new Uri(_provider.BaseUri, path),
            JsonContent(new JsonObject { ["model"] = "m" }),
            Timeout);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ReadJsonAsync(response))["choices"]![0]!["message"]!["content"]!.GetValue<string>().Should().Be("ok");
        _provider.Requests.Single().Path.Should().Be(path);
    }

    [Fact]
    public async Task Chat_NothingScripted_Returns500ThatSaysSo()
    {
        using var response = await PostChatAsync(new JsonObject { ["model"] = "gpt-test" });

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var error = (await ReadJsonAsync(response))["error"]!;
        error["message"]!.GetValue<string>().Should().Contain("FakeProvider: no scripted reply");
        error["type"]!.GetValue<string>().Should().Be("server_error");
    }

    [Fact]
    public async Task Chat_QueueComesBeforeResponder_ThenResponderAnswersEveryRequest()
    {
        _provider.Enqueue(FakeReply.Text("first"), FakeReply.Text("second"));
        _provider.Responder = request => FakeReply.Text("echo " + request.Json!["model"]!.GetValue<string>());

        var answers = new List<string>();
        foreach (var model in new[] { "a", "b", "c", "d" })
        {
            using var response = await PostChatAsync(new JsonObject { ["model"] = model });
            answers.Add((await ReadJsonAsync(response))["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        }

        answers.Should().Equal("first", "second", "echo c", "echo d");
        _provider.PendingReplies.Should().Be(0);
    }

    [Fact]
    public async Task Requests_AreRecordedInArrivalOrderWithHeadersQueryAndJson()
    {
        _provider.Enqueue(FakeReply.Text("one"));
        using var chat = new HttpRequestMessage(HttpMethod.Post, "chat/completions?trace=1")
        {
            Content = JsonContent(new JsonObject { ["model"] = "gpt-test", ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }) }),
        };
        chat.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "sk-test");
        using (await _http.SendAsync(chat, Timeout))
        {
        }

        using (await _http.GetAsync("models", Timeout))
        {
        }

        var requests = _provider.Requests;
        requests.Should().HaveCount(2);
        requests[0].Method.Should().Be("POST");
        requests[0].Path.Should().Be("/v1/chat/completions");
        requests[0].QueryString.Should().Be("?trace=1");
        requests[0].Header("authorization").Should().Be("Bearer sk-test");
        requests[0].Headers["AUTHORIZATION"].Should().Be("Bearer sk-test");
        requests[0].Header("x-missing").Should().BeNull();
        requests[0].Json!["messages"]![0]!["content"]!.GetValue<string>().Should().Be("hi");
        requests[1].Method.Should().Be("GET");
        requests[1].Path.Should().Be("/v1/models");
        requests[1].Body.Should().BeEmpty();
        requests[1].Json.Should().BeNull();
    }

    [Fact]
    public async Task WaitForRequestsAsync_CompletesWhenTheCountArrives()
    {
        _provider.Responder = _ => FakeReply.Text("ok");
        var waiting = _provider.WaitForRequestsAsync(3, Timeout);
        waiting.IsCompleted.Should().BeFalse();

        var calls = Enumerable.Range(0, 3).Select(_ => PostChatAsync(new JsonObject { ["model"] = "gpt-test" })).ToArray();
        await waiting;

        _provider.Requests.Should().HaveCountGreaterThanOrEqualTo(3);
        foreach (var response in await Task.WhenAll(calls))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            response.Dispose();
        }

        await _provider.WaitForRequestsAsync(2, Timeout); // already reached: completes at once
    }

    private async Task<HttpResponseMessage> PostChatAsync(JsonObject body, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = JsonContent(body) };
        return await _http.SendAsync(request, completion, Timeout);
    }

    private async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Timeout))!;

    private static StringContent JsonContent(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
