using System.Text;
using ByokAgent.Bedrock.Signing;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Bedrock.Tests;

/// <summary>The client's signer: AWSSDK.Core's HMAC chain over a canonical request built here.</summary>
public sealed class SigV4SignerTests
{
    [Theory]
    [InlineData("/model/us.amazon.nova-micro-v1%3A0/converse", "/model/us.amazon.nova-micro-v1%253A0/converse")]
    [InlineData("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fp/converse-stream", "/model/arn%253Aaws%253Abedrock%253Aus-east-1%253A1%253Ainference-profile%252Fp/converse-stream")]
    [InlineData("/model/plain.id/converse", "/model/plain.id/converse")]
    [InlineData("", "/")]
    public void CanonicalUri_EncodesEachSegmentAgain(string path, string canonical) =>
        SigV4Signer.CanonicalUri(path).Should().Be(canonical);

    [Fact]
    public void Sign_ProducesTheSignatureTheIndependentImplementationComputes()
    {
        var body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":[{"text":"hi"}]}]}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://bedrock-runtime.eu-west-3.amazonaws.com/model/mistral.mistral-large-2407-v1%3A0/converse")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Accept.Add(new("application/json"));
        var credentials = new BedrockAwsCredentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token/with+chars=");

        SigV4Signer.Sign(request, body, credentials, "eu-west-3", new DateTime(2026, 11, 23, 8, 0, 4, DateTimeKind.Utc));

        var headers = new List<KeyValuePair<string, string>>
        {
            new("accept", "application/json"),
            new("content-type", "application/json"),
            new("host", "bedrock-runtime.eu-west-3.amazonaws.com"),
            new("x-amz-date", "20261123T080004Z"),
            new("x-amz-security-token", "token/with+chars="),
        };
        var canonical = AwsSigV4.CanonicalRequest("POST", request.RequestUri!.AbsolutePath, "", headers, AwsSigV4.Sha256Hex(body));
        var expected = AwsSigV4.Signature(credentials.SecretAccessKey, "20261123T080004Z", "eu-west-3", "bedrock", canonical);
        request.Headers.GetValues("Authorization").Single().Should().Be(
            $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/eu-west-3/bedrock/aws4_request, SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token, Signature={expected}");
        request.Headers.Host.Should().Be("bedrock-runtime.eu-west-3.amazonaws.com");
        request.Headers.GetValues("X-Amz-Security-Token").Single().Should().Be("token/with+chars=");
    }
}
