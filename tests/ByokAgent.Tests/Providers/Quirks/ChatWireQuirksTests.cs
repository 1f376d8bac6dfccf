using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Providers.Gemini;
using ByokAgent.Providers.OpenAICompatible;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;

namespace ByokAgent.Tests.Providers.Quirks;

public sealed class ChatWireQuirksTests : IAsyncLifetime
{
    private QuirkHost _host = null!;

    public async Task InitializeAsync() => _host = await QuirkHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("openai")]
    [InlineData("openrouter")]
    [InlineData("qwen")]
    [InlineData("deepseek")]
    [InlineData("azure-openai")]
    [InlineData("minimax")]
    public void For_ProviderOtherThanGemini_HasOnlyTheFamilyWideQuirks(string provider)
    {
        ChatWireQuirks.For(Config(provider, "https://example.test/v1")).Select(q => q.GetType())
            .Should().Equal(typeof(StreamErrorChunks), typeof(BaseResponseErrors), typeof(MissingToolCallIds));
    }

    [Theory]
    [InlineData("gemini", "https://generativelanguage.googleapis.com/v1beta/openai/")]
    [InlineData("openai-compatible", "https://generativelanguage.googleapis.com/v1beta/openai/")]
    public void For_Gemini_IndexesThenIdsThenSignatures(string provider, string host)
    {
        ChatWireQuirks.For(Config(provider, host)).Select(q => q.GetType())
            .Should().Equal(typeof(StreamErrorChunks), typeof(BaseResponseErrors), typeof(GeminiToolCallIndexes), typeof(MissingToolCallIds), typeof(GeminiThoughtSignatures));
    }

    [Fact]
    public void For_EachCall_NewInstances()
    {
        // Signatures are remembered per client: two sessions must not share them.
        var config = Config("gemini", "https://generativelanguage.googleapis.com/v1beta/openai/");

        ChatWireQuirks.For(config).OfType<GeminiThoughtSignatures>().Single()
            .Should().NotBeSameAs(ChatWireQuirks.For(config).OfType<GeminiThoughtSignatures>().Single());
    }

    /// <summary>
    /// Each provider's own error envelope, sent where the quirk policy sits: it must reach the translator untouched, and
    /// be classified by it (shared/wire.md §1): the provider message, the class, the user line, and the wait in seconds.
    /// </summary>
    public static TheoryData<string, int, string, string, ProviderFailure, string, int?> ErrorEnvelopes => new()
    {
        {
            // Gemini's per-minute 429 opens with the same sentence as its quota error; without "limit: 0" or a PerDay
            // quota id it is a rate limit.
            "gemini", 429,
            """[{"error":{"code":429,"message":"You exceeded your current quota, please check your plan and billing details.","status":"RESOURCE_EXHAUSTED"}}]""",
            "You exceeded your current quota, please check your plan and billing details.",
            ProviderFailure.RateLimited,
            "Rate limited by Google Gemini: retry shortly.",
            null
        },
        {
            "gemini", 400,
            """[{"error":{"code":400,"message":"Function call is missing a thought_signature in functionCall parts.","status":"INVALID_ARGUMENT"}}]""",
            "Function call is missing a thought_signature in functionCall parts.",
            ProviderFailure.ProviderError,
            "Google Gemini answered 400 BadRequest: Function call is missing a thought_signature in functionCall parts.",
            null
        },
        {
            "openrouter", 402,
            """{"error":{"code":402,"message":"Insufficient credits. Add more using https://openrouter.ai/settings/credits"}}""",
            "Insufficient credits. Add more using https://openrouter.ai/settings/credits",
            ProviderFailure.QuotaExceeded,
            ProviderFailureMessages.QuotaExceeded,
            null
        },
        {
            "qwen", 400,
            """{"error":{"message":"Access denied, please make sure your account is in good standing.","type":"Arrearage","param":null,"code":"Arrearage"},"request_id":"b1c2"}""",
            "Access denied, please make sure your account is in good standing.",
            ProviderFailure.QuotaExceeded,
            ProviderFailureMessages.QuotaExceeded,
            null
        },
        {
            // No retry-after header here: the wait is read from Azure's text.
            "azure-openai", 429,
            """{"error":{"code":"429","message":"Requests to the ChatCompletions_Create Operation have exceeded the token rate limit. Please retry after 6 seconds."}}""",
            "Requests to the ChatCompletions_Create Operation have exceeded the token rate limit. Please retry after 6 seconds.",
            ProviderFailure.RateLimited,
            "Rate limited by Azure OpenAI: retry in 6 s.",
            6
        },
    };

    [Theory]
    [MemberData(nameof(ErrorEnvelopes))]
    public async Task GetResponseAsync_ProviderErrorEnvelope_IsClassifiedProviderExceptionWithStatusAndMessage(string provider, int status, string body, string message, ProviderFailure failure, string userLine, int? retryAfterSeconds)
    {
        _host.Fake.Enqueue(FakeReply.Error(status, body));

        var act = () => _host.ChatClient(ConfigOnFake(provider)).GetResponseAsync("hello", cancellationToken: _host.Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        (exception.ProviderId, exception.StatusCode, exception.ProviderMessage).Should().Be((provider, status, message));
        (exception.Failure, exception.Message).Should().Be((failure, userLine));
        exception.RetryAfter.Should().Be(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    [Theory]
    [MemberData(nameof(ErrorEnvelopes))]
    public async Task GetStreamingResponseAsync_ProviderErrorEnvelope_IsClassifiedProviderExceptionWithStatusAndMessage(string provider, int status, string body, string message, ProviderFailure failure, string userLine, int? retryAfterSeconds)
    {
        _host.Fake.Enqueue(FakeReply.Error(status, body));

        var act = () => _host.StreamAsync(_host.ChatClient(ConfigOnFake(provider)));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        (exception.ProviderId, exception.StatusCode, exception.ProviderMessage).Should().Be((provider, status, message));
        (exception.Failure, exception.Message).Should().Be((failure, userLine));
        exception.RetryAfter.Should().Be(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ChunkWithADuplicateKey_IsPassedToTheSdkUnchanged()
    {
        // The recorded Gemini chunk with its "id" repeated: the quirks cannot parse it as an object, so they leave it.
        var events = RecordedBodies.Events("gemini", "stream_tool_call.http");
        events[0] = events[0].Replace("\"created\":", "\"id\":\"dup\",\"created\":", StringComparison.Ordinal);
        _host.Fake.Enqueue(RecordedBodies.Stream(events));

        var updates = await _host.StreamAsync(_host.ChatClient(_host.Config("gemini")));

        updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Should().ContainSingle().Which.Name.Should().Be("search_web");
    }

    private ModelConfig ConfigOnFake(string provider) => provider == "azure-openai"
        ? _host.Config("openai") with { Provider = provider, ApiHost = _host.Fake.BaseUri.ToString(), Extras = new Dictionary<string, string> { ["deployment"] = "gpt-test" } }
        : _host.Config(provider);

    private static ModelConfig Config(string provider, string host) => new()
    {
        Provider = provider,
        ApiKey = "sk-test",
        ApiHost = host,
        Model = "m",
        Extras = provider == "azure-openai" ? new Dictionary<string, string> { ["deployment"] = "d" } : new Dictionary<string, string>(),
    };
}
