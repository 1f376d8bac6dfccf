using System.Text.Json.Nodes;
using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;
using ByokAgent.Tests.TestSupport;
using Microsoft.SemanticKernel;

namespace ByokAgent.Tests.Providers.Bedrock;

/// <summary>Whole agent turns on AWS Bedrock: tools called through Converse and ConverseStream, over a signed wire.</summary>
public sealed class BedrockAgentSessionTests : IAsyncLifetime
{
    private readonly WeatherPlugin _weather = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _host = TestRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_TwoToolCallsAtOnce_RunsBothAndSendsBothResultsInOneUserTurn()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall("weather_get_weather", """{"city":"Paris"}""", "tooluse_paris"),
                new FakeToolCall("weather_get_weather", """{"city":"Oslo"}""", "tooluse_oslo")).WithUsage(40, 12),
            FakeReply.Text("Paris and Oslo are both sunny.").WithUsage(70, 9));
        var session = await CreateSessionAsync();

        var result = await session.RunAsync("Weather in Paris and Oslo?");

        result.Text.Should().Be("Paris and Oslo are both sunny.");
        _weather.Calls.Should().Be(2);
        result.ToolCalls.Select(c => (c.Id, c.Result)).Should().BeEquivalentTo(
            [("tooluse_paris", "Sunny and 21 C in Paris"), ("tooluse_oslo", "Sunny and 21 C in Oslo")]);
        result.Usage.Should().Be(new AgentUsage(110, 21, 131), "usage is summed over both model calls");
        (result.Provider, result.Model).Should().Be(("bedrock", BedrockConfigs.Model));
        AssertFollowUpCarriesBothCalls(_fake.Requests[1].Json!);
    }

    [Fact]
    public async Task RunStreamingAsync_TwoToolCallsAtOnce_StreamsToolEventsThenTokens()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(
                new FakeToolCall("weather_get_weather", """{"city":"Paris"}""", "tooluse_paris"),
                new FakeToolCall("weather_get_weather", """{"city":"Oslo"}""", "tooluse_oslo")),
            FakeReply.Text("Both cities are sunny today."));
        var session = await CreateSessionAsync();

        var events = new List<AgentEvent>();
        await foreach (var agentEvent in session.RunStreamingAsync("Weather in Paris and Oslo?"))
        {
            events.Add(agentEvent);
        }

        events.OfType<AgentToolEndEvent>().Select(e => e.Call.Result).Should().BeEquivalentTo(
            ["Sunny and 21 C in Paris", "Sunny and 21 C in Oslo"]);
        string.Concat(events.OfType<AgentTokenEvent>().Select(t => t.Content)).Should().Be("Both cities are sunny today.");
        var done = events.OfType<AgentDoneEvent>().Single().Result;
        done.Usage.TotalTokens.Should().BeGreaterThan(0, "the metadata event reports usage");
        _fake.Requests.Should().OnlyContain(r => r.Path.EndsWith("/converse-stream", StringComparison.Ordinal));
        AssertFollowUpCarriesBothCalls(_fake.Requests[1].Json!);
    }

    [Fact]
    public async Task RunAsync_SendsTheSystemPromptAsSystemBlocks_AndTheToolsAsToolSpecs()
    {
        _fake.Enqueue(FakeReply.Text("ok"));
        var session = await CreateSessionAsync();

        await session.RunAsync("hi");

        var body = _fake.Requests.Single().Json!;
        var system = body["system"]!.AsArray().Should().ContainSingle().Subject!["text"]!.GetValue<string>();
        system.Should().Contain("ByokAgent").And.NotContain("{{$");
        body["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).Should().Equal("user");
        var names = body["toolConfig"]!["tools"]!.AsArray().Select(t => t!["toolSpec"]!["name"]!.GetValue<string>());
        names.Should().Contain("weather_get_weather");
        body["toolConfig"]!["toolChoice"]!.ToJsonString().Should().Be("""{"auto":{}}""");
    }

    [Fact]
    public async Task RunStreamingAsync_Throttled_EndsWithOneRateLimitedErrorEventAndNoSecret()
    {
        _fake.Enqueue(BedrockReplies.Error(429, "ThrottlingException", "Too many requests, please wait before trying again."));
        var session = await CreateSessionAsync();

        var events = new List<AgentEvent>();
        await foreach (var agentEvent in session.RunStreamingAsync("hi"))
        {
            events.Add(agentEvent);
        }

        var error = events.Should().ContainSingle().Which.Should().BeOfType<AgentErrorEvent>().Subject;
        error.Code.Should().Be(AgentErrorCodes.ProviderError);
        error.Message.Should().Be("Rate limited by AWS Bedrock: retry shortly.", "Bedrock sends no wait hint");
        var exception = error.Exception.Should().BeOfType<ProviderException>().Subject;
        (exception.Failure, exception.StatusCode).Should().Be((ProviderFailure.RateLimited, 429));
        exception.ProviderMessage.Should().Be("ThrottlingException: Too many requests, please wait before trying again.");
        exception.IsTransient.Should().BeTrue();
        $"{exception} {exception.ProviderMessage}".Should().NotContain(_fake.BedrockCredentials.SecretAccessKey);
        _host.Logs.AllText.Should().NotContain(_fake.BedrockCredentials.SecretAccessKey);
        session.History.Should().BeEmpty();
    }

    private static void AssertFollowUpCarriesBothCalls(JsonNode followUp)
    {
        var turns = followUp["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).Should().Equal(["user", "assistant", "user"], "Bedrock wants alternating roles");
        var toolUses = turns[1]!["content"]!.AsArray().Select(b => b!["toolUse"]).OfType<JsonNode>().ToList();
        toolUses.Select(u => u["toolUseId"]!.GetValue<string>()).Should().Equal("tooluse_paris", "tooluse_oslo");
        toolUses.Select(u => u["input"]!["city"]!.GetValue<string>()).Should().Equal("Paris", "Oslo");
        var results = turns[2]!["content"]!.AsArray().Select(b => b!["toolResult"]).OfType<JsonNode>().ToList();
        results.Select(r => r["toolUseId"]!.GetValue<string>()).Should().BeEquivalentTo(["tooluse_paris", "tooluse_oslo"]);
        results.Select(r => r["content"]![0]!["text"]!.GetValue<string>()).Should().BeEquivalentTo(
            ["Sunny and 21 C in Paris", "Sunny and 21 C in Oslo"]);
        followUp["toolConfig"].Should().NotBeNull("Bedrock rejects tool blocks without a toolConfig");
    }

    private Task<AgentSession> CreateSessionAsync() =>
        _host.Runtime.CreateSessionAsync(BedrockConfigs.SigV4(_fake), [KernelPluginFactory.CreateFromObject(_weather, "weather")]);
}
