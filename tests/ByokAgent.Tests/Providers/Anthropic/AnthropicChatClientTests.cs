using System.ComponentModel;
using ByokAgent.Providers;
using ByokAgent.Providers.Anthropic;
using ByokAgent.Providers.Http;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Providers.Anthropic;

public sealed class AnthropicChatClientTests : IAsyncLifetime, IDisposable
{
    private const string Key = AnthropicTestHost.Key;

    // Guards every call: a hang fails the test instead of blocking the run.
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private AnthropicTestHost _host = null!;

    private CancellationToken Timeout => _testTimeout.Token;

    private FakeProvider Fake => _host.Fake;

    public async Task InitializeAsync() => _host = await AnthropicTestHost.StartAsync(Timeout);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task GetResponseAsync_PostsMessagesWithApiKeyHeaderVersionModelAndDefaultMaxTokens()
    {
        Fake.Enqueue(FakeReply.Text("hi"));

        await _host.Client().GetResponseAsync("hello", cancellationToken: Timeout);

        var request = Fake.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/v1/messages");
        request.Header("x-api-key").Should().Be(Key);
        request.Header("Authorization").Should().BeNull("an API key sent as a bearer token takes Anthropic's OAuth path");
        request.Header("anthropic-version").Should().Be("2023-06-01");
        request.Headers.Values.Should().NotContain(value => value.Contains(Key) && value != Key, "the key travels in x-api-key only");
        var body = request.Json!;
        body["model"]!.GetValue<string>().Should().Be(AnthropicTestHost.Model);
        body["max_tokens"]!.GetValue<int>().Should().Be(4096, "the catalog's default for the required max_tokens");
        body["messages"]!.AsArray().Should().ContainSingle();
        body["messages"]![0]!["role"]!.GetValue<string>().Should().Be("user");
        body["messages"]![0]!["content"]!.ToJsonString().Should().Contain("hello");
        body["stream"].Should().BeNull();
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("256", 256)]
    [InlineData(" 32000 ", 32000)]
    public async Task GetResponseAsync_ConfiguredMaxTokens_IsSent(string configured, int sent)
    {
        Fake.Enqueue(FakeReply.Text("ok"));
        var config = _host.Config() with { Extras = new Dictionary<string, string> { ["max_tokens"] = configured } };

        await _host.Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        Fake.Requests.Single().Json!["max_tokens"]!.GetValue<int>().Should().Be(sent);
    }

    [Fact]
    public void Create_MalformedMaxTokens_ThrowsModelConfigExceptionBeforeAnyRequest()
    {
        var config = _host.Config() with { Extras = new Dictionary<string, string> { ["max_tokens"] = "lots" } };

        var act = () => _host.Factory.Create(config);

        act.Should().Throw<ModelConfigException>().Which.Field.Should().Be("max_tokens");
        Fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task GetResponseAsync_SystemMessage_GoesToTheSystemFieldNotTheMessages()
    {
        Fake.Enqueue(FakeReply.Text("ok"));

        await _host.Client().GetResponseAsync(
            [new ChatMessage(ChatRole.System, "You are a terse assistant."), new ChatMessage(ChatRole.User, "hello")],
            cancellationToken: Timeout);

        var body = Fake.Requests.Single().Json!;
        body["system"]!.ToJsonString().Should().Contain("You are a terse assistant.");
        var messages = body["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).Should().Equal("user");
        messages.ToJsonString().Should().NotContain("terse");
    }

    [Theory]
    [InlineData("", "/v1/messages")]
    [InlineData("v1", "/v1/messages")]
    [InlineData("v1/", "/v1/messages")]
    [InlineData("gateway/anthropic", "/gateway/anthropic/v1/messages")]
    [InlineData("gateway/anthropic/v1/", "/gateway/anthropic/v1/messages")]
    public async Task GetResponseAsync_HostWithOrWithoutV1_PostsToOneMessagesPath(string hostPath, string messagesPath)
    {
        Fake.Enqueue(FakeReply.Text("ok"));

        var response = await _host.Client(hostPath).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("ok");
        Fake.Requests.Should().ContainSingle().Which.Path.Should().Be(messagesPath);
    }

    [Theory]
    [InlineData("https://api.anthropic.com/", "https://api.anthropic.com")]
    [InlineData("https://api.anthropic.com", "https://api.anthropic.com")]
    [InlineData("https://api.anthropic.com/v1", "https://api.anthropic.com")]
    [InlineData("https://api.anthropic.com/V1/", "https://api.anthropic.com")]
    [InlineData("https://api.minimax.io/anthropic", "https://api.minimax.io/anthropic")]
    [InlineData("http://127.0.0.1:8080/proxy/v1/", "http://127.0.0.1:8080/proxy")]
    [InlineData("https://llm.example/v10", "https://llm.example/v10")]
    public void BaseUrl_StripsOnlyATrailingV1(string host, string baseUrl)
    {
        AnthropicChatClient.BaseUrl(new Uri(host)).Should().Be(baseUrl);
    }

    [Fact]
    public async Task GetResponseAsync_PlainText_ReturnsTextStopAndUsage()
    {
        Fake.Enqueue(FakeReply.Text("Hello from Claude.").WithUsage(21, 5));

        var response = await _host.Client().GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("Hello from Claude.");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.ModelId.Should().Be(AnthropicTestHost.Model);
        response.ResponseId.Should().StartWith("msg_");
        response.Usage.Should().NotBeNull();
        (response.Usage!.InputTokenCount, response.Usage.OutputTokenCount, response.Usage.TotalTokenCount).Should().Be((21, 5, 26));
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextInDeltas_ReassemblesTextAndReportsUsageOnce()
    {
        const string Text = "Streaming reassembles every text delta of this reply.";
        Fake.Enqueue(FakeReply.Text(Text).WithUsage(40, 12));

        var updates = await CollectAsync(_host.Client().GetStreamingResponseAsync("hello", cancellationToken: Timeout));

        updates.Count(u => u.Text.Length > 0).Should().BeGreaterThan(1, "the fake streams text as several deltas");
        string.Concat(updates.Select(u => u.Text)).Should().Be(Text);
        var response = updates.ToChatResponse();
        response.Text.Should().Be(Text);
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle(
            "one usage per call: counting message_start and message_delta separately would double the input").Subject.Details;
        (usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount).Should().Be((40, 12, 52));
        var request = Fake.Requests.Should().ContainSingle().Subject;
        request.Json!["stream"]!.GetValue<bool>().Should().BeTrue();
        request.Header("x-api-key").Should().Be(Key);
        request.Header("Authorization").Should().BeNull();
    }

    [Fact]
    public async Task GetResponseAsync_Tools_AreSentAsToolsWithInputSchema_AndCallsComeBackAsFunctionCalls()
    {
        Fake.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", """{"city":"Paris"}""", "toolu_01A"),
            new FakeToolCall("get_weather", """{"city":"Oslo"}""")));
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(GetWeather, "get_weather")] };

        var response = await _host.Client().GetResponseAsync("Weather in Paris and Oslo?", options, Timeout);

        var tool = Fake.Requests.Single().Json!["tools"]!.AsArray().Should().ContainSingle().Subject!;
        tool["name"]!.GetValue<string>().Should().Be("get_weather");
        tool["description"]!.GetValue<string>().Should().Be("Gets the weather for a city.");
        tool["input_schema"]!["type"]!.GetValue<string>().Should().Be("object");
        tool["input_schema"]!["properties"]!["city"].Should().NotBeNull();
        response.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        var calls = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => c.Name).Should().Equal("get_weather", "get_weather");
        calls[0].CallId.Should().Be("toolu_01A");
        calls[1].CallId.Should().StartWith("toolu_", "the fake synthesizes Anthropic-shaped ids");
        calls.Select(c => c.Arguments!["city"]!.ToString()).Should().Equal("Paris", "Oslo");
    }

    [Fact]
    public async Task GetResponseAsync_ToolResults_AreSentAsOneUserMessageOfToolResultBlocks()
    {
        Fake.Enqueue(FakeReply.Text("Sunny in both."));
        ChatMessage[] history =
        [
            new(ChatRole.User, "Weather in Paris and Oslo?"),
            new(ChatRole.Assistant,
            [
                new FunctionCallContent("toolu_01A", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new FunctionCallContent("toolu_01B", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" }),
            ]),
            new(ChatRole.Tool, [new FunctionResultContent("toolu_01A", "Sunny in Paris"), new FunctionResultContent("toolu_01B", "Sunny in Oslo")]),
        ];

        await _host.Client().GetResponseAsync(history, cancellationToken: Timeout);

        var messages = Fake.Requests.Single().Json!["messages"]!.AsArray();
        messages.Select(m => m!["role"]!.GetValue<string>()).Should().Equal("user", "assistant", "user");
        var toolUses = messages[1]!["content"]!.AsArray();
        toolUses.Select(b => b!["type"]!.GetValue<string>()).Should().Equal("tool_use", "tool_use");
        toolUses.Select(b => b!["id"]!.GetValue<string>()).Should().Equal("toolu_01A", "toolu_01B");
        toolUses[0]!["input"]!["city"]!.GetValue<string>().Should().Be("Paris");
        var results = messages[2]!["content"]!.AsArray();
        results.Select(b => b!["type"]!.GetValue<string>()).Should().Equal("tool_result", "tool_result");
        results.Select(b => b!["tool_use_id"]!.GetValue<string>()).Should().Equal("toolu_01A", "toolu_01B");
        results[1]!["content"]!.ToJsonString().Should().Contain("Sunny in Oslo");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ToolCallsInJsonDeltas_ReassembleIntoFunctionCalls()
    {
        Fake.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", """{"city":"Reykjavík","unit":"celsius"}""", "toolu_01S"),
            new FakeToolCall("get_weather", """{"city":"Lima"}""", "toolu_01T")));
        var options = new ChatOptions { Tools = [AIFunctionFactory.Create(GetWeather, "get_weather")] };

        var updates = await CollectAsync(_host.Client().GetStreamingResponseAsync("weather?", options, Timeout));

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        calls.Select(c => c.CallId).Should().Equal("toolu_01S", "toolu_01T");
        calls[0].Arguments.Should().ContainKey("unit");
        calls[0].Arguments!["city"]!.ToString().Should().Be("Reykjavík");
        calls[1].Arguments!["city"]!.ToString().Should().Be("Lima");
        updates.ToChatResponse().FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetResponseAsync_ConfigHeaders_ArriveOnEveryRequestAndMayChooseTheVersion()
    {
        var config = _host.Config() with
        {
            Headers = new Dictionary<string, string> { ["anthropic-beta"] = "prompt-caching-2024-07-31", ["anthropic-version"] = "2099-01-01" },
        };
        Fake.Enqueue(FakeReply.Text("one"), FakeReply.Text("two"));
        var client = _host.Factory.Create(config);

        await client.GetResponseAsync("first", cancellationToken: Timeout);
        await client.GetResponseAsync("second", cancellationToken: Timeout);

        Fake.Requests.Should().HaveCount(2).And.OnlyContain(r =>
            r.Header("anthropic-beta") == "prompt-caching-2024-07-31"
            && r.Header("anthropic-version") == "2099-01-01"
            && r.Header("x-api-key") == Key
            && r.Header("Authorization") == null);
    }

    [Fact]
    public async Task GetResponseAsync_MaxRetriesFromOptions_RetriesAnOverloadedAnswer()
    {
        await using var services = AnthropicTestHost.BuildServices(("ByokAgent:Providers:MaxRetries", "1"));
        // retry-after-ms keeps the SDK's backoff to a millisecond.
        Fake.Enqueue(
            FakeReply.Error(529, """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""").WithHeader("retry-after-ms", "1"),
            FakeReply.Text("second time lucky"));

        var response = await services.GetRequiredService<IChatClientFactory>().Create(_host.Config()).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("second time lucky");
        Fake.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Header("x-api-key") == Key);
    }

    [Fact]
    public async Task Create_ManyClients_AllSendThroughThePoolsSharedHttpClient()
    {
        await using var services = AnthropicTestHost.BuildServices();
        var pool = services.GetRequiredService<ProviderHttpClientPool>();
        var factory = services.GetRequiredService<IChatClientFactory>();
        var settings = services.GetRequiredService<IOptions<ProviderOptions>>().Value;
        var shared = pool.Get(_host.Config(), settings);
        const int Turns = 5;
        for (var i = 0; i < Turns; i++)
        {
            Fake.Enqueue(FakeReply.Text($"turn {i}"));
            var response = await factory.Create(_host.Config()).GetResponseAsync("hello", cancellationToken: Timeout);
            response.Text.Should().Be($"turn {i}");
        }

        pool.Get(_host.Config(), settings).Should().BeSameAs(shared);

        // Proof that the SDK sends through exactly this instance (not the HttpClient its options make by default): once it
        // is disposed, a freshly created client can no longer send.
        shared.Dispose();
        var afterDispose = () => factory.Create(_host.Config()).GetResponseAsync("hello", cancellationToken: Timeout);
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();
        Fake.Requests.Should().HaveCount(Turns);
    }

    [Fact]
    public async Task GetResponseAsync_ConfigProxy_SendsThroughTheProxy()
    {
        // The fake doubles as a forward proxy: an HTTP proxy receives the absolute URL, which Kestrel routes by path.
        var config = _host.Config() with { ApiHost = "http://upstream.invalid/v1", Proxy = Fake.BaseUri.ToString() };
        Fake.Enqueue(FakeReply.Text("via proxy"));

        var response = await _host.Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("via proxy");
        var request = Fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/messages");
        request.Header("Host").Should().Be("upstream.invalid");
    }

    [Description("Gets the weather for a city.")]
    private static string GetWeather([Description("The city")] string city) => $"Sunny in {city}";

    private static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var list = new List<ChatResponseUpdate>();
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
