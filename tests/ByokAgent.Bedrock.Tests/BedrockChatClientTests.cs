using System.Text.Json;
using System.Text.Json.Nodes;
using ByokAgent.Bedrock.Tests.TestSupport;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Tests;

public sealed partial class BedrockChatClientTests : IAsyncLifetime, IDisposable
{
    // Guards every call: a hang fails the test instead of blocking the run.
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private BedrockTestHost _host = null!;

    private CancellationToken Timeout => _testTimeout.Token;

    private FakeProvider Fake => _host.Fake;

    public async Task InitializeAsync() => _host = await BedrockTestHost.StartAsync(Timeout);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task GetResponseAsync_PlainReply_ReturnsTextFinishReasonUsageAndRequestId()
    {
        Fake.Enqueue(FakeReply.Text("Hello from Bedrock.").WithUsage(12, 5));
        using var client = _host.Client();

        var response = await client.GetResponseAsync("Say hello", cancellationToken: Timeout);

        response.Text.Should().Be("Hello from Bedrock.");
        response.FinishReason.Should().Be(ChatFinishReason.Stop);
        response.Usage.Should().BeEquivalentTo(new { InputTokenCount = 12L, OutputTokenCount = 5L, TotalTokenCount = 17L });
        response.ModelId.Should().Be(BedrockTestHost.Model);
        response.ResponseId.Should().NotBeNullOrEmpty("it is Bedrock's x-amzn-RequestId");
        var request = Fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/model/us.amazon.nova-micro-v1:0/converse");
        request.Header("Content-Type").Should().Be("application/json");
        request.Json!["messages"]!.ToJsonString().Should().Be("""[{"role":"user","content":[{"text":"Say hello"}]}]""");
    }

    [Fact]
    public async Task GetResponseAsync_SystemPromptAndOptions_AreOnTheWire()
    {
        Fake.Enqueue(FakeReply.Text("ok"));
        using var client = new BedrockChatClient(_host.Options() with { MaxOutputTokens = 900 });
        ChatMessage[] messages =
        [
            new(ChatRole.System, "You are terse."),
            new(ChatRole.User, "Hi"),
        ];
        var options = new ChatOptions { Instructions = "Answer in French.", Temperature = 0.25f, TopP = 0.5f, StopSequences = ["END"] };

        await client.GetResponseAsync(messages, options, Timeout);

        var body = Fake.Requests.Single().Json!;
        body["system"]!.ToJsonString().Should().Be("""[{"text":"Answer in French."},{"text":"You are terse."}]""");
        body["inferenceConfig"]!["maxTokens"]!.GetValue<int>().Should().Be(900);
        body["inferenceConfig"]!["temperature"]!.GetValue<double>().Should().BeApproximately(0.25, 1e-6);
        body["inferenceConfig"]!["topP"]!.GetValue<double>().Should().BeApproximately(0.5, 1e-6);
        body["inferenceConfig"]!["stopSequences"]!.ToJsonString().Should().Be("""["END"]""");
        body["messages"]!.AsArray().Should().ContainSingle("system messages go to the top-level system blocks");
        body["toolConfig"].Should().BeNull("no tools were offered");
    }

    [Fact]
    public async Task GetResponseAsync_ChatOptionsMaxTokens_WinOverTheClientDefault()
    {
        Fake.Enqueue(FakeReply.Text("ok"));
        using var client = new BedrockChatClient(_host.Options() with { MaxOutputTokens = 900 });

        await client.GetResponseAsync("Hi", new ChatOptions { MaxOutputTokens = 1 }, Timeout);

        Fake.Requests.Single().Json!["inferenceConfig"]!.ToJsonString().Should().Be("""{"maxTokens":1}""");
    }

    [Fact]
    public async Task GetResponseAsync_MatchesTheRecordedRequestFixture()
    {
        // shared/fixtures/providers/bedrock/converse_tool_use.request.http: what a real client sent for the same inputs.
        var fixture = await File.ReadAllTextAsync(SharedFixtures.ProviderFixture("bedrock", "converse_tool_use.request.http"), Timeout);
        var expected = JsonNode.Parse(fixture[(fixture.IndexOf("\n\n", StringComparison.Ordinal) + 2)..])!;
        var schema = expected["toolConfig"]!["tools"]![0]!["toolSpec"]!["inputSchema"]!["json"]!.ToJsonString();
        var tool = AIFunctionFactory.CreateDeclaration(
            "temperature",
            "Get the temperature in a city on a specific date.",
            JsonDocument.Parse(schema).RootElement);
        Fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("bedrock", "converse_tool_use.http")));
        using var client = new BedrockChatClient(_host.Options() with { MaxOutputTokens = 512 });
        ChatMessage[] messages =
        [
            new(ChatRole.System, "You are a helpful chatbot."),
            new(ChatRole.User, "What was the temperature in London 1st January 2022?"),
        ];

        await client.GetResponseAsync(messages, new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.Auto }, Timeout);

        JsonNode.DeepEquals(Fake.Requests.Single().Json, expected).Should().BeTrue(
            $"the body should equal the fixture's, but was {Fake.Requests.Single().Body}");
        _host.Capture.Uris.Single().Should().EndWith("/model/us.amazon.nova-micro-v1%3A0/converse");
    }

    [Fact]
    public async Task GetResponseAsync_ReplaysRecordedToolUse_AsFunctionCallWithUsage()
    {
        Fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("bedrock", "converse_tool_use.http")));
        using var client = _host.Client();

        var response = await client.GetResponseAsync("temperature?", cancellationToken: Timeout);

        var call = response.Messages.Single().Contents.OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        (call.CallId, call.Name).Should().Be(("tooluse_Mj06ft-ITJik1Otgpkc1uA", "temperature"));
        call.Arguments!.Select(a => $"{a.Key}={a.Value}").Should().Equal("city=London", "date=2022-01-01");
        response.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
        response.Usage.Should().BeEquivalentTo(new { InputTokenCount = 571L, OutputTokenCount = 22L, TotalTokenCount = 593L });
        response.ResponseId.Should().Be("b3c4d5e6-f7a8-4b9c-8d0e-1f2a3b4c5d6e");
    }

    [Fact]
    public async Task GetResponseAsync_TwoToolCalls_ReturnsBothWithTheirArguments()
    {
        Fake.Enqueue(FakeReply.ToolCalls(
            new FakeToolCall("get_weather", """{"city":"Paris"}""", "tooluse_a"),
            new FakeToolCall("get_weather", """{"city":"Oslo","units":{"temp":"C"}}""", "tooluse_b")));
        using var client = _host.Client();

        var response = await client.GetResponseAsync("Weather in Paris and Oslo?", cancellationToken: Timeout);

        var calls = response.Messages.Single().Contents.OfType<FunctionCallContent>().ToList();
        calls.Select(c => c.CallId).Should().Equal("tooluse_a", "tooluse_b");
        calls.Should().OnlyContain(c => c.Name == "get_weather" && c.Exception == null);
        calls[1].Arguments!["units"].Should().BeOfType<JsonElement>().Which.GetProperty("temp").GetString().Should().Be("C");
        response.FinishReason.Should().Be(ChatFinishReason.ToolCalls);
    }

    [Fact]
    public async Task GetResponseAsync_ToolHistory_SendsToolUseAndMergedToolResults()
    {
        Fake.Enqueue(FakeReply.Text("Paris 21 C, Oslo failed."));
        using var client = _host.Client();
        var tool = AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather.");
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Weather in Paris and Oslo?"),
            new(ChatRole.Assistant, [new FunctionCallContent("tooluse_a", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new FunctionCallContent("tooluse_b", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" })]),
            new(ChatRole.Tool, [new FunctionResultContent("tooluse_a", "Sunny, 21 C")]),
            new(ChatRole.Tool, [new FunctionResultContent("tooluse_b", "Error: station offline") { Exception = new InvalidOperationException("offline") }]),
        ];

        await client.GetResponseAsync(messages, new ChatOptions { Tools = [tool] }, Timeout);

        var sent = Fake.Requests.Single().Json!;
        var turns = sent["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).Should().Equal(["user", "assistant", "user"], "Bedrock wants alternating roles");
        turns[1]!["content"]!.ToJsonString().Should().Be(
            """[{"toolUse":{"toolUseId":"tooluse_a","name":"get_weather","input":{"city":"Paris"}}},{"toolUse":{"toolUseId":"tooluse_b","name":"get_weather","input":{"city":"Oslo"}}}]""");
        turns[2]!["content"]!.ToJsonString().Should().Be(
            """[{"toolResult":{"toolUseId":"tooluse_a","content":[{"text":"Sunny, 21 C"}]}},{"toolResult":{"toolUseId":"tooluse_b","content":[{"text":"Error: station offline"}],"status":"error"}}]""");
        sent["toolConfig"]!["tools"]![0]!["toolSpec"]!["name"]!.GetValue<string>().Should().Be("get_weather");
        sent["toolConfig"]!["tools"]![0]!["toolSpec"]!["inputSchema"]!["json"]!["properties"]!["city"].Should().NotBeNull();
        sent["toolConfig"]!["toolChoice"]!.ToJsonString().Should().Be("""{"auto":{}}""");
    }

    [Theory]
    [InlineData("auto", """{"auto":{}}""")]
    [InlineData("required", """{"any":{}}""")]
    [InlineData("get_weather", """{"tool":{"name":"get_weather"}}""")]
    public async Task GetResponseAsync_ToolMode_BecomesToolChoice(string mode, string toolChoice)
    {
        Fake.Enqueue(FakeReply.Text("ok"));
        using var client = _host.Client();
        var tool = AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather.");
        ChatToolMode toolMode = mode switch
        {
            "auto" => ChatToolMode.Auto,
            "required" => ChatToolMode.RequireAny,
            _ => ChatToolMode.RequireSpecific(mode),
        };

        await client.GetResponseAsync("Weather?", new ChatOptions { Tools = [tool], ToolMode = toolMode }, Timeout);

        Fake.Requests.Single().Json!["toolConfig"]!["toolChoice"]!.ToJsonString().Should().Be(toolChoice);
    }

    [Fact]
    public async Task GetResponseAsync_ToolModeNone_DeclaresToolsOnlyWhenTheHistoryNeedsThem()
    {
        Fake.Enqueue(FakeReply.Text("first"), FakeReply.Text("second"));
        using var client = _host.Client();
        var tool = AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather.");
        var none = new ChatOptions { Tools = [tool], ToolMode = ChatToolMode.None };
        ChatMessage[] withToolHistory =
        [
            new(ChatRole.User, "Weather?"),
            new(ChatRole.Assistant, [new FunctionCallContent("t1", "get_weather", new Dictionary<string, object?> { ["city"] = "Rome" })]),
            new(ChatRole.Tool, [new FunctionResultContent("t1", "Sunny")]),
        ];

        await client.GetResponseAsync("Weather?", none, Timeout);
        await client.GetResponseAsync(withToolHistory, none, Timeout);

        Fake.Requests[0].Json!["toolConfig"].Should().BeNull("'none' with no tool blocks needs no tools at all");
        var config = Fake.Requests[1].Json!["toolConfig"]!;
        config["tools"]!.AsArray().Should().ContainSingle("Bedrock rejects toolUse blocks without a toolConfig");
        config["toolChoice"].Should().BeNull("Bedrock has no 'none' choice");
    }

    [Fact]
    public async Task GetResponseAsync_ChatOptionsModelId_OverridesTheConfiguredModel()
    {
        Fake.Enqueue(FakeReply.Text("ok"));
        using var client = _host.Client();

        var response = await client.GetResponseAsync("hi", new ChatOptions { ModelId = "amazon.nova-pro-v1:0" }, Timeout);

        response.ModelId.Should().Be("amazon.nova-pro-v1:0");
        Fake.Requests.Single().Path.Should().Be("/model/amazon.nova-pro-v1:0/converse");
    }

    [Fact]
    public void GetService_ReturnsMetadataWithProviderEndpointAndModel()
    {
        using var client = _host.Client();

        var metadata = client.GetService<ChatClientMetadata>();

        metadata.Should().BeEquivalentTo(new { ProviderName = "aws.bedrock", ProviderUri = Fake.BaseUri, DefaultModelId = BedrockTestHost.Model });
        client.GetService<BedrockChatClient>().Should().BeSameAs(client);
    }

    [Fact]
    public void Options_ToString_NeverPrintsSecrets()
    {
        var options = _host.Options() with { Credentials = new BedrockAwsCredentials("AKIDEXAMPLE", "s3cr3t-value", "t0ken-value") };
        var withKey = _host.Options() with { Credentials = null, ApiKey = BedrockTestHost.ApiKey };

        $"{options} {options.Credentials} {withKey}".Should().NotContain("s3cr3t-value").And.NotContain("t0ken-value")
            .And.NotContain(BedrockTestHost.ApiKey).And.Contain("AKIDEXAMPLE");
    }

    [Fact]
    public void Constructor_WithoutCredentialsOrWithBoth_Throws()
    {
        var neither = () => new BedrockChatClient(_host.Options() with { Credentials = null });
        var both = () => new BedrockChatClient(_host.Options() with { ApiKey = BedrockTestHost.ApiKey });

        neither.Should().Throw<ArgumentException>().WithMessage("*API key or AWS credentials*");
        both.Should().Throw<ArgumentException>();
    }
}
