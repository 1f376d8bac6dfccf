using System.Net;
using System.Net.Sockets;
using ByokAgent.Providers;
using ByokAgent.Providers.Anthropic;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Anthropic;

public sealed class AnthropicErrorsTests : IAsyncLifetime, IDisposable
{
    private const string Key = AnthropicTestHost.Key;

    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private AnthropicTestHost _host = null!;

    private CancellationToken Timeout => _testTimeout.Token;

    private FakeProvider Fake => _host.Fake;

    public async Task InitializeAsync() => _host = await AnthropicTestHost.StartAsync(Timeout);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public void Dispose() => _testTimeout.Dispose();

    /// <summary>
    /// Status, body in the recorded Anthropic shape (shared/wire.md, Anthropic), the scrubbed provider message, the class
    /// shared/wire.md §1 gives it, and the user line.
    /// </summary>
    public static TheoryData<int, string, string, ProviderFailure, string> ErrorBodies => new()
    {
        {
            // The recorded message is "invalid x-api-key"; this one also echoes the key, as proxies and gateways do.
            401,
            $$$"""{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key: {{{Key}}}"},"request_id":"req_011CVa1b2c3d4e5f6a7b8c9d"}""",
            "invalid x-api-key: [redacted]",
            ProviderFailure.InvalidKey,
            ProviderFailureMessages.InvalidKey
        },
        {
            429,
            """{"type":"error","error":{"type":"rate_limit_error","message":"This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.anthropic.com/en/api/rate-limits."},"request_id":"req_011CVb2c3d4e5f6a7b8c9d0e"}""",
            "This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.anthropic.com/en/api/rate-limits.",
            ProviderFailure.RateLimited,
            "Rate limited by Anthropic: retry shortly."
        },
        {
            529,
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_011CVc3d4e5f6a7b8c9d0e1f"}""",
            "Overloaded",
            ProviderFailure.ProviderError,
            "Anthropic answered 529: Overloaded"
        },
        {
            // Anthropic sends an exhausted balance as a plain 400 invalid_request_error: only the text says it is quota.
            400,
            """{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits."},"request_id":"req_011CVd4e5f6a7b8c9d0e1f2a"}""",
            "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.",
            ProviderFailure.QuotaExceeded,
            ProviderFailureMessages.QuotaExceeded
        },
    };

    [Theory]
    [InlineData("{not json at all")]
    [InlineData("{\"type\":\"message\",\"content\":\"should be an array\"}")]
    public async Task GetResponseAsync_UnreadableSuccessBody_IsAProviderErrorNotACrash(string body)
    {
        Fake.Enqueue(FakeReply.Error(200, body));

        var call = () => _host.Client().GetResponseAsync("hello", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.ProviderId.Should().Be("anthropic");
        error.Failure.Should().Be(ProviderFailure.ProviderError);
        error.Message.Should().StartWith("Anthropic sent an answer that could not be read");
        error.ToString().Should().NotContain(Key);
    }

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task GetResponseAsync_ErrorStatus_ThrowsClassifiedProviderExceptionWithUserLineProviderMessageAndNoKey(int status, string body, string providerMessage, ProviderFailure failure, string userLine)
    {
        Fake.Enqueue(FakeReply.Error(status, body).WithHeader("request-id", "req_011CVe5f6a7b8c9d0e1f2a3b"));

        var act = () => _host.Client().GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.ProviderId.Should().Be("anthropic");
        exception.Failure.Should().Be(failure);
        exception.StatusCode.Should().Be(status);
        exception.ProviderMessage.Should().Be(providerMessage);
        exception.Message.Should().Be(userLine);
        exception.RetryAfter.Should().BeNull("these answers carry no wait hint");
        exception.ToString().Should().NotContain(Key, "the SDK's exception, whose message quotes the body, rides along as the inner exception");
        Fake.Requests.Should().ContainSingle("MaxRetries is 0");
    }

    [Theory]
    [MemberData(nameof(ErrorBodies))]
    public async Task GetStreamingResponseAsync_ErrorStatus_ThrowsClassifiedProviderExceptionWithUserLineProviderMessageAndNoKey(int status, string body, string providerMessage, ProviderFailure failure, string userLine)
    {
        Fake.Enqueue(FakeReply.Error(status, body));

        var act = () => DrainAsync(_host.Client().GetStreamingResponseAsync("hello", cancellationToken: Timeout));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(failure);
        exception.StatusCode.Should().Be(status);
        exception.ProviderMessage.Should().Be(providerMessage);
        exception.Message.Should().Be(userLine);
        exception.ToString().Should().NotContain(Key);
    }

    [Fact]
    public async Task GetResponseAsync_RecordedUnknownModel_IsInvalidModel404WithTheModelInTheProviderMessage()
    {
        Fake.Enqueue(FakeReply.FromFile(SharedFixtures.ProviderFixture("anthropic", "invalid_model.http")));

        var act = () => _host.Client().GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.InvalidModel);
        exception.StatusCode.Should().Be(404);
        exception.ProviderMessage.Should().Be("model: claude-sonet-4-5");
        exception.Message.Should().Be(ProviderFailureMessages.InvalidModel);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventInsideA200Stream_IsProviderExceptionWithTheTypesStatus()
    {
        // The stream had started (headers, message_start, a text block) when the API gave up: HTTP 200 with event: error.
        var body = string.Concat(
            "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01X\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}   }\n\n",
            "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n",
            "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Partial \"}       }\n\n",
            $"event: error\ndata: {{\"type\": \"error\", \"error\": {{\"type\": \"overloaded_error\", \"message\": \"Overloaded (key {Key})\"}}}}\n\n");
        Fake.Enqueue(FakeReply.Error(200, body, contentType: "text/event-stream; charset=utf-8"));
        var seen = new List<ChatResponseUpdate>();

        var act = () => DrainAsync(_host.Client().GetStreamingResponseAsync("hello", cancellationToken: Timeout), seen);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.ProviderError);
        exception.StatusCode.Should().Be(529, "overloaded_error is what a 529 answer carries");
        exception.ProviderMessage.Should().Be("Overloaded (key [redacted])");
        exception.Message.Should().Be("Anthropic answered 529: Overloaded (key [redacted])");
        exception.ToString().Should().NotContain(Key);
        string.Concat(seen.Select(u => u.Text)).Should().Be("Partial ", "what arrived before the error was still delivered");
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ErrorEventOfUnknownType_Is500()
    {
        const string Body = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"brand_new_error\",\"message\":\"Something new went wrong\"}}\n\n";
        Fake.Enqueue(FakeReply.Error(200, Body, contentType: "text/event-stream"));

        var act = () => DrainAsync(_host.Client().GetStreamingResponseAsync("hello", cancellationToken: Timeout));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.ProviderError);
        exception.StatusCode.Should().Be(500);
        exception.ProviderMessage.Should().Be("Something new went wrong");
        exception.Message.Should().Be("Anthropic answered 500 InternalServerError: Something new went wrong");
    }

    [Theory]
    [InlineData("overloaded_error", 529)]
    [InlineData("api_error", 500)]
    [InlineData("rate_limit_error", 429)]
    [InlineData("invalid_request_error", 400)]
    [InlineData("authentication_error", 401)]
    [InlineData("permission_error", 403)]
    [InlineData("not_found_error", 404)]
    [InlineData("billing_error", 402)]
    [InlineData("conflict_error", 409)]
    [InlineData("request_too_large", 413)]
    [InlineData("timeout_error", 504)]
    [InlineData("something_else", 500)]
    [InlineData(null, 500)]
    public void StreamErrorStatus_ErrorType_IsTheStatusAnthropicPairsWithIt(string? errorType, int status)
    {
        AnthropicErrors.StreamErrorStatus(errorType).Should().Be(status);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConnectionDroppedMidStream_IsUnreachable()
    {
        Fake.Enqueue(FakeReply.Text("This reply never gets to the end of its sentence.").WithDropAfterChunks(3));
        var seen = new List<ChatResponseUpdate>();

        var act = () => DrainAsync(_host.Client().GetStreamingResponseAsync("hello", cancellationToken: Timeout), seen);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.StatusCode.Should().BeNull();
        exception.ToString().Should().NotContain(Key);
    }

    [Fact]
    public async Task GetResponseAsync_ClosedPort_IsUnreachableWithoutStatus()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = _host.Config() with { ApiHost = $"http://127.0.0.1:{port}/" };

        var act = () => _host.Factory.Create(config).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.StatusCode.Should().BeNull();
        exception.ProviderId.Should().Be("anthropic");
        exception.ProviderMessage.Should().BeNull();
        exception.Message.Should().Be($"Could not reach Anthropic at http://127.0.0.1:{port}: connection refused.");
        exception.ToString().Should().NotContain(Key);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ClosedPort_IsUnreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var config = _host.Config() with { ApiHost = $"http://127.0.0.1:{port}/v1" };

        var act = () => DrainAsync(_host.Factory.Create(config).GetStreamingResponseAsync("hello", cancellationToken: Timeout));

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.Message.Should().Contain("connection refused");
    }

    [Fact]
    public async Task GetResponseAsync_NoAnswerWithinRequestTimeout_IsUnreachableNamingTheTimeout()
    {
        await using var services = AnthropicTestHost.BuildServices(("ByokAgent:Providers:RequestTimeout", "00:00:01"));
        Fake.Enqueue(FakeReply.Text("too late").WithLatency(TimeSpan.FromSeconds(25)));

        var act = () => services.GetRequiredService<IChatClientFactory>().Create(_host.Config()).GetResponseAsync("hello", cancellationToken: Timeout);

        var exception = (await act.Should().ThrowAsync<ProviderException>()).Which;
        exception.Failure.Should().Be(ProviderFailure.Unreachable);
        exception.StatusCode.Should().BeNull();
        exception.Message.Should().Contain("no answer within 1 s");
        Timeout.IsCancellationRequested.Should().BeFalse("the request timeout, not the test guard, must end the call");
    }

    [Fact]
    public async Task GetResponseAsync_CallerCancels_ThrowsOperationCanceledNotProviderException()
    {
        Fake.Enqueue(FakeReply.Text("never seen").WithLatency(TimeSpan.FromSeconds(25)));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Timeout);
        var call = _host.Client().GetResponseAsync("hello", cancellationToken: caller.Token);

        await Fake.WaitForRequestsAsync(1, Timeout);
        await caller.CancelAsync();

        var act = () => call;
        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static async Task DrainAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate>? seen = null)
    {
        await foreach (var update in updates)
        {
            seen?.Add(update);
        }
    }
}
