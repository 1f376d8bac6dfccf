using ByokAgent.Providers;
using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;
using ByokAgent.Tests.TestSupport;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Bedrock;

/// <summary>AWS Bedrock through <see cref="IChatClientFactory"/>: config to wire, and failures to <see cref="ProviderException"/>.</summary>
public sealed class BedrockChatClientFactoryTests : IAsyncLifetime, IDisposable
{
    // Guards every call: a hang fails the test instead of blocking the run.
    private readonly CancellationTokenSource _testTimeout = new(TimeSpan.FromSeconds(30));
    private FakeProvider _fake = null!;
    private TestRuntime _host = null!;

    private CancellationToken Timeout => _testTimeout.Token;

    private IChatClientFactory Factory => _host.Services.GetRequiredService<IChatClientFactory>();

    /// <summary>Status, error type (sent in <c>x-amzn-ErrorType</c>), message, the class shared/wire.md §1 gives it, and the user line.</summary>
    public static TheoryData<int, string, string, ProviderFailure, string> BedrockErrors => new()
    {
        { 429, "ThrottlingException", "Too many requests, please wait before trying again.", ProviderFailure.RateLimited, "Rate limited by AWS Bedrock: retry shortly." },
        { 400, "ValidationException", "The provided model identifier is invalid.", ProviderFailure.InvalidModel, ProviderFailureMessages.InvalidModel },
        { 403, "AccessDeniedException", "You don't have access to the model with the specified model ID.", ProviderFailure.InvalidModel, ProviderFailureMessages.InvalidModel },
        { 403, "UnrecognizedClientException", "The security token included in the request is invalid.", ProviderFailure.InvalidKey, ProviderFailureMessages.InvalidKey },
        { 400, "ServiceQuotaExceededException", "You have exceeded the service quota for this account.", ProviderFailure.QuotaExceeded, ProviderFailureMessages.QuotaExceeded },
        { 500, "InternalServerException", "The server encountered an internal error.", ProviderFailure.ProviderError, "AWS Bedrock answered 500 InternalServerError: InternalServerException: The server encountered an internal error." },
    };

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync(Timeout);
        _host = TestRuntime.Create();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    public void Dispose() => _testTimeout.Dispose();

    [Fact]
    public async Task Create_SigV4Config_SignsWithTheExtrasRegionAndModel()
    {
        _fake.Enqueue(FakeReply.Text("Hello from Bedrock.").WithUsage(8, 3));
        var client = Factory.Create(BedrockConfigs.SigV4(_fake, region: "eu-central-1"));

        var response = await client.GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("Hello from Bedrock.");
        response.Usage!.TotalTokenCount.Should().Be(11);
        var request = _fake.Requests.Single();
        request.Path.Should().Be("/model/us.amazon.nova-micro-v1:0/converse");
        request.Header("Authorization").Should().StartWith(
            $"AWS4-HMAC-SHA256 Credential={FakeAwsCredentials.Default.AccessKeyId}/").And.Contain("/eu-central-1/bedrock/aws4_request,");
    }

    [Fact]
    public void Create_WithoutApiHost_UsesTheRegionsRuntimeEndpoint()
    {
        var config = BedrockConfigs.SigV4(_fake, region: "ap-southeast-2") with { ApiHost = null };

        var metadata = Factory.Create(config).GetService<ChatClientMetadata>();

        metadata!.ProviderUri.Should().Be(new Uri("https://bedrock-runtime.ap-southeast-2.amazonaws.com/"));
        metadata.DefaultModelId.Should().Be(BedrockConfigs.Model);
    }

    [Fact]
    public async Task Create_ApiKeyConfig_SendsBearer()
    {
        _fake.Enqueue(FakeReply.Text("keyed"));

        await Factory.Create(BedrockConfigs.WithApiKey(_fake)).GetResponseAsync("hi", cancellationToken: Timeout);

        var request = _fake.Requests.Single();
        request.Header("Authorization").Should().Be($"Bearer {BedrockConfigs.ApiKey}");
        request.Header("X-Amz-Date").Should().BeNull();
    }

    [Fact]
    public async Task Create_SessionTokenExtra_IsSentAndAccepted()
    {
        _fake.BedrockCredentials = new FakeAwsCredentials("ASIAFACTORYTEST00001", "factory/secret/key/0001", "FwoGZXIvYXdzEBYaDtoken==");
        _fake.Enqueue(FakeReply.Text("temporary"));

        var response = await Factory.Create(BedrockConfigs.WithSessionToken(_fake, _fake.BedrockCredentials)).GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("temporary");
        _fake.Requests.Single().Header("X-Amz-Security-Token").Should().Be("FwoGZXIvYXdzEBYaDtoken==");
    }

    [Theory]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0")]
    [InlineData("arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0")]
    public async Task Create_ModelIdsWithColonsAndArns_ReachTheModelWithAValidSignature(string model)
    {
        _fake.Enqueue(FakeReply.Text("plain"), FakeReply.Text("streamed"));
        var client = Factory.Create(BedrockConfigs.SigV4(_fake, model));

        var plain = await client.GetResponseAsync("hi", cancellationToken: Timeout);
        var streamed = await client.GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        (plain.Text, streamed.Text).Should().Be(("plain", "streamed"));
        // The fake's path is decoded except for %2F, which keeps an ARN one segment.
        _fake.Requests.Select(r => r.Path).Should().Equal(
            $"/model/{model.Replace("/", "%2F", StringComparison.Ordinal)}/converse",
            $"/model/{model.Replace("/", "%2F", StringComparison.Ordinal)}/converse-stream");
    }

    [Theory]
    [MemberData(nameof(BedrockErrors))]
    public async Task Errors_BecomeClassifiedProviderExceptionsWithStatusUserLineAndTypedMessage(int status, string errorType, string message, ProviderFailure failure, string userLine)
    {
        _fake.Enqueue(BedrockReplies.Error(status, errorType, message), BedrockReplies.Error(status, errorType, message));
        var client = Factory.Create(BedrockConfigs.SigV4(_fake));

        var plain = () => client.GetResponseAsync("hi", cancellationToken: Timeout);
        var streamed = () => client.GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        foreach (var call in new[] { plain, streamed })
        {
            var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
            error.Should().BeEquivalentTo(new
            {
                ProviderId = "bedrock",
                Failure = failure,
                StatusCode = status,
                ProviderMessage = $"{errorType}: {message}",
                Message = userLine,
                RetryAfter = (TimeSpan?)null,
            }, "Bedrock sends no wait hint");
            error.ToString().Should().NotContain(FakeAwsCredentials.Default.SecretAccessKey);
        }
    }

    [Fact]
    public async Task WrongSecret_IsInvalidKey403InvalidSignature_WithNoSecretInTheException()
    {
        var secret = "wrongSecretKey/" + Guid.NewGuid().ToString("N");
        var config = BedrockConfigs.SigV4(_fake);
        config = config with { Extras = new Dictionary<string, string>(config.Extras) { ["secret_access_key"] = secret } };

        var call = () => Factory.Create(config).GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        (error.Failure, error.StatusCode).Should().Be((ProviderFailure.InvalidKey, 403));
        error.Message.Should().Be(ProviderFailureMessages.InvalidKey);
        error.ProviderMessage.Should().StartWith("InvalidSignatureException: The request signature we calculated does not match");
        error.ToString().Should().NotContain(secret);
    }

    [Fact]
    public async Task ProviderMessageEchoingTheKey_IsScrubbed()
    {
        _fake.Enqueue(BedrockReplies.Error(403, "AccessDeniedException", $"Bearer {BedrockConfigs.ApiKey} is not authorized to perform: bedrock:InvokeModel"));

        var call = () => Factory.Create(BedrockConfigs.WithApiKey(_fake)).GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.ToString().Should().NotContain(BedrockConfigs.ApiKey);
        error.ProviderMessage.Should().Be("AccessDeniedException: Bearer [redacted] is not authorized to perform: bedrock:InvokeModel");
        error.Failure.Should().Be(ProviderFailure.InvalidKey, "\"is not authorized to perform\" is an IAM or API-key refusal");
        error.Message.Should().Be(ProviderFailureMessages.InvalidKey);
    }

    [Fact]
    public async Task ThrottlingExceptionFrameMidStream_IsRateLimitedWithItsDocumentedStatus()
    {
        _fake.Enqueue(BedrockReplies.EventStream(
            BedrockReplies.EventFrame("messageStart", """{"role":"assistant"}"""),
            BedrockReplies.ExceptionFrame("throttlingException", "Too many tokens, please wait before trying again.")));
        var client = Factory.Create(BedrockConfigs.SigV4(_fake));

        var call = () => client.GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Should().BeEquivalentTo(new
        {
            Failure = ProviderFailure.RateLimited,
            StatusCode = 429,
            ProviderMessage = "ThrottlingException: Too many tokens, please wait before trying again.",
            Message = "Rate limited by AWS Bedrock: retry shortly.",
        }, "a throttlingException frame is a rate limit (shared/wire.md §1 rule 6)");
    }

    [Fact]
    public async Task StreamCutMidway_IsAProviderErrorThatSaysSo()
    {
        _fake.Enqueue(FakeReply.Text("one two three four five").WithDropAfterChunks(2));
        var client = Factory.Create(BedrockConfigs.SigV4(_fake));

        var call = () => client.GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.Failure.Should().Be(ProviderFailure.ProviderError);
        error.Message.Should().StartWith("AWS Bedrock's answer broke off: EventStreamTruncated");
    }

    [Fact]
    public async Task CorruptedFrame_IsAProviderErrorThatSaysSo()
    {
        var frame = BedrockReplies.EventFrame("contentBlockDelta", """{"contentBlockIndex":0,"delta":{"text":"x"}}""");
        frame[^6] ^= 0x01;
        _fake.Enqueue(BedrockReplies.EventStream(frame));
        var client = Factory.Create(BedrockConfigs.SigV4(_fake));

        var call = () => client.GetStreamingResponseAsync("hi", cancellationToken: Timeout).ToChatResponseAsync(Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Message.Should().Contain("EventStreamChecksumFailure");
    }

    [Fact]
    public async Task NoAnswerWithinTheRequestTimeout_IsUnreachable()
    {
        await using var quick = TestRuntime.Create(new Dictionary<string, string?> { ["ByokAgent:Providers:RequestTimeout"] = "00:00:01" });
        _fake.Enqueue(FakeReply.Text("late").WithLatency(TimeSpan.FromMinutes(5)));
        var client = quick.Services.GetRequiredService<IChatClientFactory>().Create(BedrockConfigs.SigV4(_fake));

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<ProviderException>()).Which;
        error.Failure.Should().Be(ProviderFailure.Unreachable);
        error.Message.Should().Contain("no answer within 1 s");
    }

    [Fact]
    public async Task ClosedPort_IsUnreachable()
    {
        var config = BedrockConfigs.SigV4(_fake) with { ApiHost = "http://127.0.0.1:9/" };

        var call = () => Factory.Create(config).GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<ProviderException>()).Which.Failure.Should().Be(ProviderFailure.Unreachable);
    }

    [Fact]
    public void Create_WithoutRegion_IsAConfigError()
    {
        var config = BedrockConfigs.SigV4(_fake);
        config = config with { Extras = config.Extras.Where(e => e.Key != "region").ToDictionary(e => e.Key, e => e.Value) };

        var create = () => Factory.Create(config);

        create.Should().Throw<ModelConfigException>().Which.Field.Should().Be("region");
    }
}
