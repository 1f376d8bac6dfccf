using ByokAgent.Testing;

namespace ByokAgent.Tests.Conformance;

/// <summary>How a provider expects the credentials on the wire, checked on a recorded request.</summary>
public abstract record WireAuth
{
    private WireAuth()
    {
    }

    /// <summary><c>Authorization: Bearer key</c> and no other key header: the OpenAI family and Bedrock API keys.</summary>
    public static WireAuth Bearer(string key) => new BearerAuth(key);

    /// <summary>The key in its own header and no <c>Authorization</c>: Anthropic's <c>x-api-key</c>, Azure's <c>api-key</c>.</summary>
    public static WireAuth KeyHeader(string header, string key) => new KeyHeaderAuth(header, key);

    /// <summary>An AWS SigV4 signature for the Bedrock service in this region (the fake has verified it by the time it answers).</summary>
    public static WireAuth SigV4(string accessKeyId, string region) => new SigV4Auth(accessKeyId, region);

    public abstract void AssertOn(RecordedRequest request);

    private sealed record BearerAuth(string Key) : WireAuth
    {
        public override void AssertOn(RecordedRequest request)
        {
            request.Header("Authorization").Should().Be($"Bearer {Key}");
            request.Header("x-api-key").Should().BeNull("the key travels once, in Authorization");
            request.Header("api-key").Should().BeNull("the key travels once, in Authorization");
        }

        public override string ToString() => "Bearer";
    }

    private sealed record KeyHeaderAuth(string Header, string Key) : WireAuth
    {
        public override void AssertOn(RecordedRequest request)
        {
            request.Header(Header).Should().Be(Key);
            request.Header("Authorization").Should().BeNull($"the key goes in {Header}; a bearer token means something else to this provider");
        }

        public override string ToString() => Header;
    }

    private sealed record SigV4Auth(string AccessKeyId, string Region) : WireAuth
    {
        public override void AssertOn(RecordedRequest request)
        {
            var authorization = request.Header("Authorization");
            authorization.Should().StartWith($"AWS4-HMAC-SHA256 Credential={AccessKeyId}/")
                .And.Contain($"/{Region}/bedrock/aws4_request")
                .And.Contain("SignedHeaders=")
                .And.Contain("Signature=");
            request.Header("x-amz-date").Should().MatchRegex(@"^\d{8}T\d{6}Z$");
        }

        public override string ToString() => "SigV4";
    }
}
