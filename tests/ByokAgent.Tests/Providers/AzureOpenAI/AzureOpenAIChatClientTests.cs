using ByokAgent.Agents;
using ByokAgent.Agents.Events;
using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using FunctionCallContent = Microsoft.Extensions.AI.FunctionCallContent;

namespace ByokAgent.Tests.Providers.AzureOpenAI;

public sealed class AzureOpenAIChatClientTests : IAsyncLifetime, IDisposable
{
    private const string Deployment = "chat-prod";

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private readonly WeatherPlugin _weather = new();
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    private CancellationToken Timeout => _testTimeout.Token;

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(Timeout);
        _fake.Models.Add(Deployment);
        _host = TestRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task GetResponseAsync_ResourceEndpoint_PostsToTheDeploymentWithDefaultApiVersionAndApiKeyOnly()
    {
        _fake.Enqueue(FakeReply.Text("hi from Azure"));

        var response = await Client(Config()).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("hi from Azure");
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be($"/openai/deployments/{Deployment}/chat/completions");
        request.QueryString.Should().Be("?api-version=2024-10-21");
        request.Header("api-key").Should().Be(TestRuntime.ApiKey);
        request.Header("Authorization").Should().BeNull("Azure API keys go in api-key; Authorization is for Entra tokens");
        request.Json!["model"]!.GetValue<string>().Should().Be("gpt-4o");
    }

    [Fact]
    public void DefaultApiVersion_IsTheNewestGaVersionOfTheDeploymentsApi()
    {
        // Later dated versions are all previews (Azure.AI.OpenAI's GA build lists 2024-06-01 and 2024-10-21 only).
        ProviderCatalog.AzureDefaultApiVersion.Should().Be("2024-10-21");
        ProviderCatalog.Get("azure-openai").FindExtra("api_version")!.DefaultValue.Should().Be(ProviderCatalog.AzureDefaultApiVersion);
    }

    [Fact]
    public async Task GetResponseAsync_ConfiguredApiVersion_IsSentInsteadOfTheDefault()
    {
        _fake.Enqueue(FakeReply.Text("ok"));

        await Client(Config(apiVersion: "2025-04-01-preview")).GetResponseAsync("hello", cancellationToken: Timeout);

        _fake.Requests.Single().QueryString.Should().Be("?api-version=2025-04-01-preview");
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("openai")]
    [InlineData("openai/")]
    [InlineData("openai/deployments/chat-prod/chat/completions")]
    public async Task GetResponseAsync_EndpointWithOrWithoutOpenAISegment_PostsToOneDeploymentPath(string hostPath)
    {
        _fake.Enqueue(FakeReply.Text("ok"));

        await Client(Config() with { ApiHost = new Uri(_fake.BaseUri, hostPath).ToString() }).GetResponseAsync("hello", cancellationToken: Timeout);

        _fake.Requests.Single().Path.Should().Be($"/openai/deployments/{Deployment}/chat/completions");
    }

    [Theory]
    [InlineData("openai/v1")]
    [InlineData("openai/v1/")]
    public async Task GetResponseAsync_V1Host_PostsToV1WithTheDeploymentAsModelAndNoApiVersion(string hostPath)
    {
        _fake.Enqueue(FakeReply.Text("hi from v1"));

        var response = await Client(Config() with { ApiHost = new Uri(_fake.BaseUri, hostPath).ToString() }).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("hi from v1");
        var request = _fake.Requests.Single();
        request.Path.Should().Be("/openai/v1/chat/completions");
        request.QueryString.Should().BeEmpty();
        request.Json!["model"]!.GetValue<string>().Should().Be(Deployment);
        request.Header("api-key").Should().Be(TestRuntime.ApiKey);
        request.Header("Authorization").Should().BeNull();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_AzureStreamOpeningWithAnEmptyChunk_ReassemblesTextAndUsage()
    {
        const string Text = "Azure streams start with a chunk that has no choices.";
        _fake.Enqueue(FakeReply.Text(Text).WithUsage(40, 12));

        var updates = await StreamAsync(Client(Config()));

        string.Concat(updates.Select(u => u.Text)).Should().Be(Text);
        var response = updates.ToChatResponse();
        response.Messages.Should().ContainSingle().Which.Text.Should().Be(Text);
        response.Usage!.TotalTokenCount.Should().Be(52);
        response.CreatedAt.Should().BeAfter(DateTimeOffset.UnixEpoch, "the empty chunk's created: 0 is not a date");
        response.ResponseId.Should().StartWith("chatcmpl-");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RecordedToolCallStream_YieldsTheCallAndUsage()
    {
        _fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("azure-openai", "stream_tool_call.http")));

        var updates = await StreamAsync(Client(Config()));

        var call = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        (call.CallId, call.Name).Should().Be(("call_OW6GhPkVXNfP7dlpCEvCqAVK", "getMyIp"));
        var usage = updates.SelectMany(u => u.Contents).OfType<UsageContent>().Should().ContainSingle().Subject.Details;
        (usage.InputTokenCount, usage.OutputTokenCount).Should().Be((1210, 14));
    }

    [Fact]
    public async Task GetResponseAsync_RecordedToolCallCompletion_YieldsTheCall()
    {
        _fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("azure-openai", "chat_tool_call.http")));

        var response = await Client(Config()).GetResponseAsync("What is my IP?", cancellationToken: Timeout);

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Subject;
        (call.CallId, call.Name).Should().Be(("call_uLWyKTpLtOsRmTudAFNQ2Vwv", "getMyIp"));
        response.Usage!.TotalTokenCount.Should().Be(1228);
        response.ModelId.Should().Be("gpt-5.2-chat-2025-12-11", "Azure reports the underlying model version, not the deployment");
    }

    [Fact]
    public async Task RunStreamingAsync_ToolTurnInAzureStreamShape_RunsTheToolAndCountsBothCalls()
    {
        _fake.Enqueue(
            FakeReply.ToolCalls(new FakeToolCall("weather_get_weather", """{"city":"Lisbon"}""", "call_az1")).WithUsage(30, 5),
            FakeReply.Text("Lisbon is sunny.").WithUsage(45, 6));
        var session = await _host.Runtime.CreateSessionAsync(Config(), [KernelPluginFactory.CreateFromObject(_weather, "weather")], Timeout);

        var events = new List<AgentEvent>();
        await foreach (var agentEvent in session.RunStreamingAsync("Weather in Lisbon?", Timeout))
        {
            events.Add(agentEvent);
        }

        var done = events.OfType<AgentDoneEvent>().Should().ContainSingle().Subject.Result;
        done.Text.Should().Be("Lisbon is sunny.");
        done.Usage.Should().Be(new AgentUsage(75, 11, 86));
        _weather.Calls.Should().Be(1);
        var roles = _fake.Requests[1].Json!["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>());
        roles.Should().Equal(["system", "user", "assistant", "tool"], "the empty first chunk must not add a message of its own");
        _fake.Requests.Should().OnlyContain(r => r.Path == $"/openai/deployments/{Deployment}/chat/completions" && r.QueryString == "?api-version=2024-10-21");
    }

    [Fact]
    public async Task GetResponseAsync_UnknownDeployment_IsInvalidModel404WithAzuresMessage()
    {
        var act = () => Client(Config() with { Extras = Extras("no-such-deployment") }).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.InvalidModel, "DeploymentNotFound means the configured deployment does not exist");
        exception.StatusCode.Should().Be(404);
        exception.ProviderId.Should().Be("azure-openai");
        exception.ProviderMessage.Should().StartWith("The API deployment for this resource does not exist.");
        exception.Message.Should().Be(ProviderFailureMessages.InvalidModel);
        exception.ToString().Should().NotContain(TestRuntime.ApiKey);
    }

    [Fact]
    public async Task GetResponseAsync_ResourceNotFound_IsAProviderError404NotAnUnknownModel()
    {
        // A wrong path or api-version: Azure's bare 404 says nothing about the deployment (shared/wire.md §1 rule 7).
        _fake.Enqueue(FakeReply.Error(404, """{"error":{"code":"404","message":"Resource not found"}}"""));

        var act = () => Client(Config()).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        (exception.Failure, exception.StatusCode, exception.ProviderMessage).Should().Be((ProviderFailure.ProviderError, 404, "Resource not found"));
        exception.Message.Should().Be("Azure OpenAI answered 404 NotFound: Resource not found");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_RateLimited_IsRateLimited429WithTheWaitHintAndWithoutTheKey()
    {
        _fake.Enqueue(FakeReply.Error(
            429,
            $$$"""{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds. Key {{{TestRuntime.ApiKey}}}."}}""",
            new Dictionary<string, string> { ["retry-after"] = "6", ["retry-after-ms"] = "6000" }));

        var act = () => StreamAsync(Client(Config()));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.RateLimited);
        exception.StatusCode.Should().Be(429);
        exception.RetryAfter.Should().Be(TimeSpan.FromSeconds(6));
        exception.Message.Should().Be("Rate limited by Azure OpenAI: retry in 6 s.");
        exception.ProviderMessage.Should().Contain("Please retry after 6 seconds.").And.NotContain(TestRuntime.ApiKey);
        exception.ToString().Should().NotContain(TestRuntime.ApiKey);
    }

    [Theory]
    [InlineData("2024-10-21&x=1")]
    [InlineData("2024 10 21")]
    public void Create_MalformedApiVersion_ThrowsModelConfigExceptionBeforeAnyRequest(string apiVersion)
    {
        var act = () => Client(Config(apiVersion: apiVersion));

        act.Should().Throw<ModelConfigException>().Which.Field.Should().Be("api_version");
        _fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Create_NoDeployment_ThrowsModelConfigExceptionNamingIt()
    {
        var act = () => Client(Config() with { Extras = new Dictionary<string, string>() });

        act.Should().Throw<ModelConfigException>().Which.Field.Should().Be("deployment");
    }

    private ModelConfig Config(string? apiVersion = null) => new()
    {
        Provider = "azure-openai",
        ApiKey = TestRuntime.ApiKey,
        ApiHost = _fake.BaseUri.ToString(),
        Model = "gpt-4o",
        Extras = Extras(Deployment, apiVersion),
    };

    private static Dictionary<string, string> Extras(string deployment, string? apiVersion = null)
    {
        var extras = new Dictionary<string, string> { ["deployment"] = deployment };
        if (apiVersion is not null)
        {
            extras["api_version"] = apiVersion;
        }

        return extras;
    }

    private IChatClient Client(ModelConfig config) => _host.Services.GetRequiredService<IChatClientFactory>().Create(config);

    private async Task<List<ChatResponseUpdate>> StreamAsync(IChatClient client)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("hello", cancellationToken: Timeout))
        {
            updates.Add(update);
        }

        return updates;
    }
}
