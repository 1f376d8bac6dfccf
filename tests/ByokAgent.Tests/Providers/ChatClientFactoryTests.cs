using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Providers.Http;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Providers;

public sealed class ChatClientFactoryTests : IAsyncLifetime, IDisposable
{
    private const string Key = "sk-test-7d1e4b9a2c6f3e8d5a0b";

    // Guards every call: a hang fails the test instead of blocking the run.
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private FakeProvider _fake = null!;
    private ServiceProvider _services = null!;

    private CancellationToken Timeout => _testTimeout.Token;

    private IChatClientFactory Factory => _services.GetRequiredService<IChatClientFactory>();

    /// <summary>Each OpenAI-family provider, the path of its real base URL (without the leading slash), and where chat goes.</summary>
    public static TheoryData<string, string, string> OpenAIFamilyPaths => new()
    {
        { "openai", "v1", "/v1/chat/completions" },
        { "gemini", "v1beta/openai/", "/v1beta/openai/chat/completions" },
        { "openrouter", "api/v1", "/api/v1/chat/completions" },
        { "orcarouter", "v1", "/v1/chat/completions" },
        { "qwen", "compatible-mode/v1", "/compatible-mode/v1/chat/completions" },
        { "deepseek", "", "/chat/completions" },
        { "minimax", "v1", "/v1/chat/completions" },
        { "zai", "api/coding/paas/v4/", "/api/coding/paas/v4/chat/completions" },
        { "openai-compatible", "v1", "/v1/chat/completions" },
    };

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(Timeout);
        _services = BuildServices();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    public void Dispose() => _testTimeout.Dispose();

    [Theory]
    [MemberData(nameof(OpenAIFamilyPaths))]
    public async Task GetResponseAsync_OpenAIFamilyProvider_PostsToProviderPathWithBearerKeyAndModel(string provider, string hostPath, string chatPath)
    {
        var config = ConfigFor(provider, hostPath, model: $"{provider}-model-1");
        _fake.Enqueue(FakeReply.Text($"hi from {provider}"));

        var response = await Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be($"hi from {provider}");
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be(chatPath);
        request.Header("Authorization").Should().Be($"Bearer {Key}");
        request.Json!["model"]!.GetValue<string>().Should().Be($"{provider}-model-1");
        request.Json!["messages"]![0]!["content"]!.ToString().Should().Contain("hello");
    }

    [Theory]
    [MemberData(nameof(OpenAIFamilyPaths))]
    public void OpenAIFamilyPaths_MatchTheCatalogsDefaultHosts(string provider, string hostPath, string chatPath)
    {
        _ = chatPath;
        // The fake hosts above must have the same path shape as the real ones, or the path test proves nothing.
        if (ProviderCatalog.Get(provider).DefaultHost is { } host)
        {
            host.AbsolutePath.Should().Be("/" + hostPath);
        }
        else
        {
            ProviderCatalog.Get(provider).Id.Should().Be("openai-compatible");
        }
    }

    [Theory]
    [InlineData("v1", "/v1/chat/completions")]
    [InlineData("v1/", "/v1/chat/completions")]
    [InlineData("api/coding/paas/v4", "/api/coding/paas/v4/chat/completions")]
    [InlineData("api/coding/paas/v4/", "/api/coding/paas/v4/chat/completions")]
    [InlineData("compatible-mode/v1/", "/compatible-mode/v1/chat/completions")]
    [InlineData("v1beta/openai", "/v1beta/openai/chat/completions")]
    public async Task GetResponseAsync_HostWithOrWithoutTrailingSlash_PostsToSinglePath(string hostPath, string chatPath)
    {
        _fake.Enqueue(FakeReply.Text("ok"));

        await Factory.Create(ConfigFor("openai-compatible", hostPath)).GetResponseAsync("hello", cancellationToken: Timeout);

        _fake.Requests.Should().ContainSingle().Which.Path.Should().Be(chatPath);
    }

    [Fact]
    public async Task GetResponseAsync_BareHostWithoutSlash_PostsToRootChatPath()
    {
        _fake.Enqueue(FakeReply.Text("ok"));
        var bareHost = _fake.BaseUri.GetLeftPart(UriPartial.Authority);

        await Factory.Create(ConfigFor("deepseek", "") with { ApiHost = bareHost }).GetResponseAsync("hello", cancellationToken: Timeout);

        _fake.Requests.Should().ContainSingle().Which.Path.Should().Be("/chat/completions");
    }

    [Fact]
    public async Task GetResponseAsync_OpenAICompatibleWithoutKey_SendsNoAuthorization()
    {
        _fake.Enqueue(FakeReply.Text("local"));
        var config = ConfigFor("openai-compatible", "v1") with { ApiKey = null };

        var response = await Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("local");
        _fake.Requests.Should().ContainSingle().Which.Header("Authorization").Should().BeNull();
    }

    [Fact]
    public async Task GetResponseAsync_ConfigHeaders_ArriveOnEveryRequest()
    {
        var config = ConfigFor("openrouter", "api/v1") with
        {
            Headers = new Dictionary<string, string> { ["HTTP-Referer"] = "https://byok.example", ["X-Title"] = "ByokAgent tests" },
        };
        _fake.Enqueue(FakeReply.Text("one"), FakeReply.Text("two"));
        var client = Factory.Create(config);

        await client.GetResponseAsync("first", cancellationToken: Timeout);
        await client.GetResponseAsync("second", cancellationToken: Timeout);

        _fake.Requests.Should().HaveCount(2).And.OnlyContain(r =>
            r.Header("HTTP-Referer") == "https://byok.example" &&
            r.Header("X-Title") == "ByokAgent tests" &&
            r.Header("Authorization") == $"Bearer {Key}");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_TextInDeltas_ReassemblesText()
    {
        const string Text = "Streaming reassembles every delta of this reply.";
        _fake.Enqueue(FakeReply.Text(Text));
        var updates = new List<ChatResponseUpdate>();

        await foreach (var update in Factory.Create(ConfigFor("openai", "v1")).GetStreamingResponseAsync("hello", cancellationToken: Timeout))
        {
            updates.Add(update);
        }

        updates.Count(u => u.Text.Length > 0).Should().BeGreaterThan(1, "the fake streams text as several deltas");
        string.Concat(updates.Select(u => u.Text)).Should().Be(Text);
        updates.ToChatResponse().Text.Should().Be(Text);
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Json!["stream"]!.GetValue<bool>().Should().BeTrue();
        request.Path.Should().Be("/v1/chat/completions");
    }

    /// <summary>
    /// Status, OpenAI-shaped body, the scrubbed provider message, the class shared/wire.md §1 gives it, the user line
    /// (<c>{0}</c> is the provider's display name), OpenAI's <c>x-ratelimit-reset-requests</c> hint sent with it, and the
    /// wait it must read as.
    /// </summary>
    public static TheoryData<int, string, string, ProviderFailure, string, string?, int?> ErrorBodies => new()
    {
        {
            401,
            $$$"""{"error":{"message":"Incorrect API key provided: {{{Key}}}. You can find your API key at https://platform.openai.com/account/api-keys.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}""",
            "Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.",
            ProviderFailure.InvalidKey,
            ProviderFailureMessages.InvalidKey,
            null,
            null
        },
        {
            429,
            $$$"""{"error":{"message":"Rate limit reached for gpt-test on requests per min (RPM): Limit 3, Used 3. Key {{{Key}}}.","type":"requests","param":null,"code":"rate_limit_exceeded"}}""",
            "Rate limit reached for gpt-test on requests per min (RPM): Limit 3, Used 3. Key [redacted].",
            ProviderFailure.RateLimited,
            "Rate limited by {0}: retry in 90 s.",
            "1m30s",
            90
        },
        {
            500,
            $$$"""{"error":{"message":"The server had an error while processing your request (key {{{Key}}}).","type":"server_error","param":null,"code":null}}""",
            "The server had an error while processing your request (key [redacted]).",
            ProviderFailure.ProviderError,
            "{0} answered 500 InternalServerError: The server had an error while processing your request (key [redacted]).",
            null,
            null
        },
    };

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task GetResponseAsync_ErrorStatus_ThrowsClassifiedProviderExceptionWithUserLineProviderMessageAndNoKey(int status, string body, string providerMessage, ProviderFailure failure, string userLine, string? resetRequests, int? retryAfterSeconds)
    {
        _fake.Enqueue(ErrorReply(status, body, resetRequests));
        var client = Factory.Create(ConfigFor("openai", "v1"));

        var act = () => client.GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.StatusCode.Should().Be(status);
        exception.ProviderId.Should().Be("openai");
        exception.Failure.Should().Be(failure);
        exception.ProviderMessage.Should().Be(providerMessage);
        exception.Message.Should().Be(string.Format(CultureInfo.InvariantCulture, userLine, "OpenAI"));
        exception.RetryAfter.Should().Be(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        exception.Message.Should().NotContain(Key);
        exception.ToString().Should().NotContain(Key, "the inner exception rides along in logs too");
        _fake.Requests.Should().ContainSingle("MaxRetries is 0");
    }

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task GetStreamingResponseAsync_ErrorStatus_ThrowsClassifiedProviderExceptionWithUserLineProviderMessageAndNoKey(int status, string body, string providerMessage, ProviderFailure failure, string userLine, string? resetRequests, int? retryAfterSeconds)
    {
        _fake.Enqueue(ErrorReply(status, body, resetRequests));
        var client = Factory.Create(ConfigFor("zai", "api/coding/paas/v4/"));

        var act = async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hello", cancellationToken: Timeout))
            {
                _ = update;
            }
        };

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.StatusCode.Should().Be(status);
        exception.ProviderId.Should().Be("zai");
        exception.Failure.Should().Be(failure, "OpenAI's codes mean the same on Z.ai's host");
        exception.ProviderMessage.Should().Be(providerMessage);
        exception.Message.Should().Be(string.Format(CultureInfo.InvariantCulture, userLine, "Z.ai"));
        exception.RetryAfter.Should().Be(retryAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null);
        exception.ToString().Should().NotContain(Key);
    }

    [Fact]
    public async Task GetResponseAsync_GeminiArrayErrorBody_IsInvalidKeyWithGooglesMessage()
    {
        // Gemini's OpenAI compatibility wraps every error in an array (shared/wire.md, Gemini), and says "bad key" with a 400.
        const string Body = """[{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}]""";
        _fake.Enqueue(FakeReply.Error(400, Body));

        var act = () => Factory.Create(ConfigFor("gemini", "v1beta/openai/")).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.InvalidKey);
        exception.StatusCode.Should().Be(400);
        exception.ProviderId.Should().Be("gemini");
        exception.ProviderMessage.Should().Be("API key not valid. Please pass a valid API key.");
        exception.Message.Should().Be(ProviderFailureMessages.InvalidKey);
    }

    [Fact]
    public async Task GetResponseAsync_ErrorBodyWithNonObjectBaseResp_StillThrowsProviderException()
    {
        // Any OpenAI-compatible server may answer this; the body reader must not throw inside the translating filter.
        _fake.Enqueue(FakeReply.Error(500, $$$"""{"base_resp":"internal error","note":"key {{{Key}}} rejected"}"""));

        var act = () => Factory.Create(ConfigFor("minimax", "v1")).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.ProviderError);
        exception.StatusCode.Should().Be(500);
        exception.ProviderMessage.Should().BeNull();
        exception.Message.Should().Be("Minimax answered 500 InternalServerError.");
        exception.ToString().Should().NotContain(Key);
    }

    [Fact]
    public async Task GetResponseAsync_HtmlErrorFromGateway_IsProviderErrorWithoutProviderMessage()
    {
        _fake.Enqueue(FakeReply.Error(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", contentType: "text/html"));

        var act = () => Factory.Create(ConfigFor("openrouter", "api/v1")).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.ProviderError, "any HTTP answer, even a proxy's HTML, is not unreachable");
        exception.StatusCode.Should().Be(502);
        exception.ProviderMessage.Should().BeNull();
        exception.Message.Should().Be("OpenRouter answered 502 BadGateway.");
    }

    [Fact]
    public async Task GetResponseAsync_ClosedPort_IsUnreachableWithoutStatus()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = ConfigFor("openai-compatible", "v1") with { ApiHost = $"http://127.0.0.1:{port}/v1" };

        var act = () => Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.StatusCode.Should().BeNull();
        exception.ProviderId.Should().Be("openai-compatible");
        exception.ProviderMessage.Should().BeNull();
        exception.Message.Should().Contain($"127.0.0.1:{port}").And.Contain("connection refused");
        exception.ToString().Should().NotContain(Key);
    }

    [Fact]
    public async Task GetResponseAsync_UnresolvableHost_IsUnreachable()
    {
        var config = ConfigFor("openai-compatible", "v1") with { ApiHost = "http://nonexistent.invalid/v1" };

        var act = () => Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.StatusCode.Should().BeNull();
        exception.Message.Should().Contain("nonexistent.invalid");
    }

    [Fact]
    public async Task GetResponseAsync_NoAnswerWithinRequestTimeout_IsUnreachableNamingTheTimeout()
    {
        await using var services = BuildServices(("ByokAgent:Providers:RequestTimeout", "00:00:01"));
        _fake.Enqueue(FakeReply.Text("too late").WithLatency(TimeSpan.FromSeconds(25)));

        var act = () => services.GetRequiredService<IChatClientFactory>().Create(ConfigFor("openai", "v1")).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.StatusCode.Should().BeNull();
        exception.Message.Should().Contain("no answer within 1 s");
        Timeout.IsCancellationRequested.Should().BeFalse("the request timeout, not the test guard, must end the call");
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceledNotProviderException()
    {
        _fake.Enqueue(FakeReply.Text("never seen").WithLatency(TimeSpan.FromSeconds(25)));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var call = Factory.Create(ConfigFor("openai", "v1")).GetResponseAsync("hello", cancellationToken: caller.Token);

        await _fake.WaitForRequestsAsync(1, Timeout);
        await caller.CancelAsync();

        // ProviderException is not an OperationCanceledException: a translated cancellation would fail here.
        var act = () => call;
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task GetStreamingResponseAsync_CallerCancels_ThrowsOperationCanceledNotProviderException()
    {
        _fake.Enqueue(FakeReply.Text("never seen").WithLatency(TimeSpan.FromSeconds(25)));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var client = Factory.Create(ConfigFor("openai", "v1"));
        var consume = Task.Run(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hello", cancellationToken: caller.Token))
            {
                _ = update;
            }
        });

        await _fake.WaitForRequestsAsync(1, Timeout);
        await caller.CancelAsync();

        var act = () => consume;
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void Create_InvalidConfig_ThrowsModelConfigExceptionBeforeAnyRequest()
    {
        var act = () => Factory.Create(ConfigFor("openai", "v1") with { ApiKey = null });

        act.Should().Throw<ModelConfigException>().Which.Field.Should().Be("api_key");
        _fake.Requests.Should().BeEmpty();
    }

    [Fact]
    public void Create_NullConfig_Throws()
    {
        var act = () => Factory.Create(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public async Task Create_ManyClients_AllSendThroughThePoolsSharedHttpClient()
    {
        var pool = _services.GetRequiredService<ProviderHttpClientPool>();
        var settings = _services.GetRequiredService<IOptions<ProviderOptions>>().Value;
        var shared = pool.Get(ConfigFor("openai", "v1"), settings);
        const int Turns = 20;
        for (var i = 0; i < Turns; i++)
        {
            _fake.Enqueue(FakeReply.Text($"turn {i}"));
            var response = await Factory.Create(ConfigFor("openai", "v1")).GetResponseAsync("hello", cancellationToken: Timeout);
            response.Text.Should().Be($"turn {i}");
        }

        pool.Get(ConfigFor("openai", "v1"), settings).Should().BeSameAs(shared);

        // Proof that the factory's clients use exactly this instance (and not a handler of their own): once it is
        // disposed, a freshly created client can no longer send.
        shared.Dispose();
        var afterDispose = () => Factory.Create(ConfigFor("openai", "v1")).GetResponseAsync("hello", cancellationToken: Timeout);
        await afterDispose.Should().ThrowAsync<ObjectDisposedException>();
        _fake.Requests.Should().HaveCount(Turns);
    }

    [Fact]
    public async Task GetResponseAsync_ConfigProxy_SendsThroughTheProxy()
    {
        // The fake doubles as a forward proxy: an HTTP proxy receives the absolute URL, which Kestrel routes by path.
        var config = ConfigFor("openai", "v1") with { ApiHost = "http://upstream.invalid/v1", Proxy = _fake.BaseUri.ToString() };
        _fake.Enqueue(FakeReply.Text("via proxy"));

        var response = await Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("via proxy");
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/chat/completions");
        request.Header("Host").Should().Be("upstream.invalid");
    }

    [Fact]
    public async Task GetResponseAsync_DeploymentProxyAndNoConfigProxy_SendsThroughDeploymentProxy()
    {
        await using var services = BuildServices(("ByokAgent:Providers:Proxy", _fake.BaseUri.ToString()));
        _fake.Enqueue(FakeReply.Text("via deployment proxy"));
        var config = ConfigFor("openai", "v1") with { ApiHost = "http://upstream.invalid/v1" };

        var response = await services.GetRequiredService<IChatClientFactory>().Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        response.Text.Should().Be("via deployment proxy");
        _fake.Requests.Should().ContainSingle().Which.Header("Host").Should().Be("upstream.invalid");
    }

    private static FakeReply ErrorReply(int status, string body, string? resetRequests) =>
        resetRequests is null
            ? FakeReply.Error(status, body)
            : FakeReply.Error(status, body).WithHeader("x-ratelimit-remaining-requests", "0").WithHeader("x-ratelimit-reset-requests", resetRequests);

    private ModelConfig ConfigFor(string provider, string hostPath, string model = "gpt-test") => new()
    {
        Provider = provider,
        ApiKey = Key,
        ApiHost = new Uri(_fake.BaseUri, hostPath).ToString(),
        Model = model,
    };

    private static ServiceProvider BuildServices(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["ByokAgent:Providers:MaxRetries"] = "0" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddByokAgent(configuration);
        return services.BuildServiceProvider();
    }
}
