namespace ByokAgent.Bedrock;

/// <summary>AWS credentials for signing Bedrock requests with Signature Version 4.</summary>
/// <param name="AccessKeyId">The access key id (<c>AKIA...</c>, or <c>ASIA...</c> for temporary credentials).</param>
/// <param name="SecretAccessKey">The secret access key. Secret: never logged or printed.</param>
/// <param name="SessionToken">The session token of temporary credentials, sent as <c>x-amz-security-token</c>; else <see langword="null"/>.</param>
/// <remarks>Immutable. <see cref="ToString"/> prints the access key id only, never the secret or the token.</remarks>
public sealed record BedrockAwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Prints the credentials without their secret parts, so they are safe in logs and debugger views.</summary>
    public override string ToString() =>
        $"BedrockAwsCredentials {{ AccessKeyId = {AccessKeyId}, HasSessionToken = {!string.IsNullOrEmpty(SessionToken)} }}";
}
