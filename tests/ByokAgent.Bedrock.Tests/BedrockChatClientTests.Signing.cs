using System.Text.RegularExpressions;
using ByokAgent.Bedrock.Tests.TestSupport;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;
using Microsoft.Extensions.AI;

namespace ByokAgent.Bedrock.Tests;

public sealed partial class BedrockChatClientTests
{
    [Fact]
    public async Task SigV4_CorrectSignature_IsAcceptedByTheIndependentVerifier()
    {
        Fake.Enqueue(FakeReply.Text("signed"));
        using var client = _host.Client();

        var response = await client.GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("signed");
        var request = Fake.Requests.Single();
        request.Header("Authorization").Should().MatchRegex(
            $@"^AWS4-HMAC-SHA256 Credential={FakeAwsCredentials.Default.AccessKeyId}/\d{{8}}/us-east-1/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date, Signature=[0-9a-f]{{64}}$");
        request.Header("X-Amz-Date").Should().MatchRegex(@"^\d{8}T\d{6}Z$");
        request.Header("X-Amz-Security-Token").Should().BeNull();
    }

    [Fact]
    public async Task SigV4_WrongSecret_Is403InvalidSignature_AndTheScriptIsUntouched()
    {
        Fake.Enqueue(FakeReply.Text("never sent"));
        var secret = "wrong/secret/" + Guid.NewGuid();
        var options = _host.Options() with { Credentials = new BedrockAwsCredentials(FakeAwsCredentials.Default.AccessKeyId, secret) };
        using var client = new BedrockChatClient(options);

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        var error = (await call.Should().ThrowAsync<BedrockException>()).Which;
        error.Should().BeEquivalentTo(new { StatusCode = 403, ErrorType = "InvalidSignatureException" });
        error.ProviderMessage.Should().StartWith("The request signature we calculated does not match");
        error.ToString().Should().NotContain(secret);
        Fake.PendingReplies.Should().Be(1);
    }

    [Fact]
    public async Task SigV4_UnknownAccessKey_Is403UnrecognizedClient()
    {
        var options = _host.Options() with { Credentials = new BedrockAwsCredentials("AKIAUNKNOWNKEY000000", FakeAwsCredentials.Default.SecretAccessKey) };
        using var client = new BedrockChatClient(options);

        var call = () => CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout));

        (await call.Should().ThrowAsync<BedrockException>()).Which.Should().BeEquivalentTo(new
        {
            StatusCode = 403,
            ErrorType = "UnrecognizedClientException",
            ProviderMessage = "The security token included in the request is invalid.",
        });
    }

    [Fact]
    public async Task SigV4_SessionToken_IsSentAndSigned()
    {
        Fake.BedrockCredentials = new FakeAwsCredentials("ASIATEMPORARYKEY0001", "temporary/secret/key", "IQoJb3JpZ2luX2VjEPr//////////session+token=");
        Fake.Enqueue(FakeReply.Text("temporary ok"));
        using var client = new BedrockChatClient(_host.Options() with { Credentials = BedrockTestHost.Credentials(Fake.BedrockCredentials) });

        var response = await client.GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("temporary ok");
        var request = Fake.Requests.Single();
        request.Header("X-Amz-Security-Token").Should().Be("IQoJb3JpZ2luX2VjEPr//////////session+token=");
        request.Header("Authorization").Should().Contain("SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token,");
    }

    [Fact]
    public async Task SigV4_MissingSessionToken_Is403UnrecognizedClient()
    {
        Fake.BedrockCredentials = new FakeAwsCredentials("ASIATEMPORARYKEY0001", "temporary/secret/key", "session-token");
        var options = _host.Options() with { Credentials = new BedrockAwsCredentials("ASIATEMPORARYKEY0001", "temporary/secret/key") };
        using var client = new BedrockChatClient(options);

        var call = () => client.GetResponseAsync("hi", cancellationToken: Timeout);

        (await call.Should().ThrowAsync<BedrockException>()).Which.ErrorType.Should().Be("UnrecognizedClientException");
    }

    [Fact]
    public async Task ApiKey_IsSentAsBearer_WithoutSigV4Headers()
    {
        Fake.Enqueue(FakeReply.Text("keyed"), FakeReply.Text("keyed stream"));
        using var client = new BedrockChatClient(_host.Options() with { Credentials = null, ApiKey = BedrockTestHost.ApiKey });

        (await client.GetResponseAsync("hi", cancellationToken: Timeout)).Text.Should().Be("keyed");
        (await CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout))).ToChatResponse().Text.Should().Be("keyed stream");

        Fake.Requests.Should().HaveCount(2).And.OnlyContain(r =>
            r.Header("Authorization") == $"Bearer {BedrockTestHost.ApiKey}" && r.Header("X-Amz-Date") == null);
    }

    [Theory]
    [InlineData("us.amazon.nova-micro-v1:0", "us.amazon.nova-micro-v1%3A0")]
    [InlineData("anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1%3A0")]
    [InlineData(
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-haiku-20240307-v1:0",
        "arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fus.anthropic.claude-3-haiku-20240307-v1%3A0")]
    [InlineData(
        "arn:aws:bedrock:eu-west-1:123456789012:application-inference-profile/a1b2c3d4e5f6",
        "arn%3Aaws%3Abedrock%3Aeu-west-1%3A123456789012%3Aapplication-inference-profile%2Fa1b2c3d4e5f6")]
    public async Task ModelIds_AreEscapedIntoOneSegment_AndTheDoubleEncodedSignatureVerifies(string model, string escaped)
    {
        Fake.Enqueue(FakeReply.Text("plain"), FakeReply.Text("streamed"));
        using var client = _host.Client(model);

        var plain = await client.GetResponseAsync("hi", cancellationToken: Timeout);
        var streamed = (await CollectAsync(client.GetStreamingResponseAsync("hi", cancellationToken: Timeout))).ToChatResponse();

        (plain.Text, streamed.Text).Should().Be(("plain", "streamed"), "the fake verified both signatures over the escaped path");
        _host.Capture.Uris.Should().Equal(
            $"{Fake.BaseUri}model/{escaped}/converse",
            $"{Fake.BaseUri}model/{escaped}/converse-stream");
        plain.ModelId.Should().Be(model);
    }

    [Fact]
    public async Task Endpoint_WithAPath_KeepsItAndSignsIt()
    {
        Fake.Enqueue(FakeReply.Text("via gateway"));
        using var client = new BedrockChatClient(_host.Options() with { Endpoint = new Uri(Fake.BaseUri, "gateway/bedrock") });

        var response = await client.GetResponseAsync("hi", cancellationToken: Timeout);

        response.Text.Should().Be("via gateway");
        Fake.Requests.Single().Path.Should().Be("/gateway/bedrock/model/us.amazon.nova-micro-v1:0/converse");
    }

    [Fact]
    public void SignedRequestFixture_UsesTheSameHeaderSet()
    {
        var fixture = File.ReadAllText(SharedFixtures.ProviderFixture("bedrock", "converse_tool_use.request.http"));

        Regex.Match(fixture, "SignedHeaders=([a-z;-]+)").Groups[1].Value.Should().Be("accept;content-type;host;x-amz-date");
    }
}
