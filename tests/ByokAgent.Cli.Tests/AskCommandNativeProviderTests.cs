using ByokAgent.Providers.Errors;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Cli.Tests;

/// <summary>
/// <c>byok ask</c> on the three native providers (Anthropic, Azure OpenAI, Bedrock), with their <c>--set</c> extras, as a
/// user runs it. Tool calls are not covered here (<c>byok ask</c> registers no plugins yet): the library's
/// ProviderConformanceTests run them on every provider.
/// </summary>
/// <remarks>A class apart from <see cref="AskCommandTests"/> only because that file is being edited concurrently for storage.</remarks>
public sealed class AskCommandNativeProviderTests : IAsyncLifetime
{
    private const string AnthropicKey = "sk-ant-api03-CliT3stK3y_4b2d8f6e3a-Zx0Yw1Vu2Ts3Rq4Po5AA";
    private const string AzureKey = "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f";
    private const string Deployment = "chat-prod";
    private const string BedrockModel = "us.amazon.nova-micro-v1:0";

    private FakeProvider _fake = null!;

    public static TheoryData<string> NativeProviders => new() { "anthropic", "azure-openai", "bedrock" };

    public async Task InitializeAsync()
    {
        _fake = await FakeProvider.StartAsync();
        _fake.Models.Add(Deployment);
    }

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Theory]
    [MemberData(nameof(NativeProviders))]
    public async Task Ask_NoStream_PrintsTheAnswerFromTheProvidersWire(string provider)
    {
        _fake.Enqueue(FakeReply.Text($"Hello from {provider}."));

        var result = await ByokProcess.RunAsync([.. Arguments(provider), "--no-stream"]);

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Be($"Hello from {provider}.\n");
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be(ChatPath(provider, stream: false));
        AssertCredentials(provider, request);
        IsStreamed(provider, request).Should().BeFalse();
        result.AllOutput.Should().NotContainAny(Secrets);
    }

    [Theory]
    [MemberData(nameof(NativeProviders))]
    public async Task Ask_Streams_TheReplyToStandardOutput(string provider)
    {
        const string text = "A streamed answer arrives in several pieces.";
        _fake.Enqueue(FakeReply.Text(text));

        var result = await ByokProcess.RunAsync(Arguments(provider));

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Be($"{text}\n");
        var request = _fake.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be(ChatPath(provider, stream: true));
        AssertCredentials(provider, request);
        IsStreamed(provider, request).Should().BeTrue("byok ask streams by default");
    }

    [Theory]
    [MemberData(nameof(NativeProviders))]
    public async Task Ask_RunsTheBuiltInTool_AndAnswersWithItsResult(string provider)
    {
        _fake.Enqueue(FakeReply.ToolCalls(new FakeToolCall("clock_now", """{"timeZone":"Asia/Tokyo"}""")), FakeReply.Text("It is evening in Tokyo."));

        var result = await ByokProcess.RunAsync(Arguments(provider));

        result.ExitCode.Should().Be(0, result.StandardError);
        result.StandardOutput.Should().Be("It is evening in Tokyo.\n");
        result.ErrorLines.Should().Contain(l => l.StartsWith("[tool] clock_now {", StringComparison.Ordinal))
            .And.Contain(l => l.StartsWith("[tool] clock_now done in ", StringComparison.Ordinal) && l.Contains("Asia/Tokyo", StringComparison.Ordinal));
        _fake.Requests.Should().HaveCount(2);
        _fake.Requests[1].Body.Should().Contain("Asia/Tokyo", "the tool's result goes back to the model");
    }

    [Theory]
    [InlineData("anthropic", "Anthropic", "invalid x-api-key")]
    [InlineData("azure-openai", "Azure OpenAI", "Access denied due to invalid subscription key or wrong API endpoint.")]
    [InlineData("bedrock", "AWS Bedrock", "UnrecognizedClientException: The security token included in the request is invalid.")]
    public async Task Ask_ProviderRejectsTheCredentials_PrintsTheInvalidKeyLineThenTheProvidersWordsWithoutSecrets(string provider, string providerName, string providerMessage)
    {
        _fake.Enqueue(ErrorReply(provider));

        var result = await ByokProcess.RunAsync(Arguments(provider));

        result.ExitCode.Should().Be(1);
        result.StandardOutput.Should().BeEmpty();
        var errors = result.StandardError.Split('\n').Where(line => line.StartsWith("error:", StringComparison.Ordinal));
        errors.Should().ContainSingle().Which.Should().Be($"error: {ProviderFailureMessages.InvalidKey}");
        result.StandardError.Should().Contain($"error: {ProviderFailureMessages.InvalidKey}\n  {providerName}: {providerMessage}", "the provider's own words come right under the user line");
        result.StandardError.Should().NotContain("   at ", "no stack trace reaches the user");
        result.AllOutput.Should().NotContainAny(Secrets);
        _fake.Requests.Should().ContainSingle().Which.Path.Should().Be(ChatPath(provider, stream: true));
    }

    [Fact]
    public async Task Ask_BedrockWithAWrongSecret_IsRefusedByTheSignatureCheckAndTheSecretIsNotPrinted()
    {
        const string wrongSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYWRONGSECRET";
        var arguments = Arguments("bedrock").Select(a => a.Replace(FakeAwsCredentials.Default.SecretAccessKey, wrongSecret, StringComparison.Ordinal));
        _fake.Enqueue(FakeReply.Text("never sent"));

        var result = await ByokProcess.RunAsync(arguments);

        result.ExitCode.Should().Be(1);
        result.StandardError.Split('\n').Where(line => line.StartsWith("error:", StringComparison.Ordinal)).Should().ContainSingle()
            .Which.Should().Be($"error: {ProviderFailureMessages.InvalidKey}");
        result.StandardError.Should().Contain($"error: {ProviderFailureMessages.InvalidKey}\n  AWS Bedrock: InvalidSignatureException: ");
        result.AllOutput.Should().NotContain(wrongSecret);
        _fake.PendingReplies.Should().Be(1, "the fake refused the signature before answering from the script");
    }

    private static IEnumerable<string> Secrets => [AnthropicKey, AzureKey, FakeAwsCredentials.Default.SecretAccessKey];

    private string[] Arguments(string provider)
    {
        string[] common = ["ask", "What is the weather?", "--provider", provider, "--api-host", _fake.BaseUri.ToString()];
        return provider switch
        {
            "anthropic" => [.. common, "--model", "claude-sonnet-4-5", "--api-key", AnthropicKey],
            "azure-openai" => [.. common, "--model", "gpt-4o", "--api-key", AzureKey, "--set", $"deployment={Deployment}", "--set", "api_version=2024-10-21"],
            "bedrock" =>
            [
                .. common, "--model", BedrockModel,
                "--set", "region=us-east-1",
                "--set", $"access_key_id={FakeAwsCredentials.Default.AccessKeyId}",
                "--set", $"secret_access_key={FakeAwsCredentials.Default.SecretAccessKey}",
            ],
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
        };
    }

    private static string ChatPath(string provider, bool stream) => provider switch
    {
        "anthropic" => "/v1/messages",
        "azure-openai" => $"/openai/deployments/{Deployment}/chat/completions",
        "bedrock" => $"/model/{BedrockModel}/{(stream ? "converse-stream" : "converse")}",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    private static bool IsStreamed(string provider, RecordedRequest request) =>
        provider == "bedrock" ? request.Path.EndsWith("/converse-stream", StringComparison.Ordinal) : request.Json?["stream"]?.GetValue<bool>() == true;

    private static void AssertCredentials(string provider, RecordedRequest request)
    {
        switch (provider)
        {
            case "anthropic":
                request.Header("x-api-key").Should().Be(AnthropicKey);
                request.Header("anthropic-version").Should().Be("2023-06-01");
                request.Header("Authorization").Should().BeNull();
                break;
            case "azure-openai":
                request.Header("api-key").Should().Be(AzureKey);
                request.QueryString.Should().Be("?api-version=2024-10-21");
                request.Header("Authorization").Should().BeNull();
                break;
            default:
                request.Header("Authorization").Should().StartWith($"AWS4-HMAC-SHA256 Credential={FakeAwsCredentials.Default.AccessKeyId}/")
                    .And.Contain("/us-east-1/bedrock/aws4_request");
                break;
        }
    }

    private static FakeReply ErrorReply(string provider) => provider switch
    {
        "anthropic" => FakeReply.Error(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CCliAuthFailure01"}"""),
        "azure-openai" => FakeReply.Error(401, """{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}"""),
        "bedrock" => BedrockReplies.Error(403, "UnrecognizedClientException", "The security token included in the request is invalid."),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
