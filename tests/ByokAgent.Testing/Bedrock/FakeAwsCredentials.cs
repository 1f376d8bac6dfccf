namespace ByokAgent.Testing.Bedrock;

/// <summary>The AWS credentials <see cref="FakeProvider"/>'s Bedrock wire accepts in SigV4-signed requests.</summary>
/// <param name="AccessKeyId">The expected access key id; another one is answered with 403 <c>UnrecognizedClientException</c>.</param>
/// <param name="SecretAccessKey">The secret the signature must be made with; else 403 <c>InvalidSignatureException</c>.</param>
/// <param name="SessionToken">When set, requests must carry (and sign) this <c>x-amz-security-token</c>; when null, none.</param>
public sealed record FakeAwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>AWS's documentation example credentials: obviously fake, and what the fake expects until told otherwise.</summary>
    public static FakeAwsCredentials Default { get; } = new("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    /// <summary>Prints the credentials without the secret and the token.</summary>
    public override string ToString() =>
        $"FakeAwsCredentials {{ AccessKeyId = {AccessKeyId}, HasSessionToken = {SessionToken is not null} }}";
}
