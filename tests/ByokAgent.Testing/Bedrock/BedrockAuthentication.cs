using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ByokAgent.Testing.Hosting;
using Microsoft.AspNetCore.Http.Features;

namespace ByokAgent.Testing.Bedrock;

/// <summary>Checks a Bedrock request's credentials the way AWS does: a bearer API key, or a SigV4 signature.</summary>
/// <remarks>
/// The expected credentials are shared with <see cref="FakeProvider.BedrockCredentials"/> and may change between
/// requests, so they are read once per request. Bearer keys are accepted as they are (the fake knows no Bedrock API keys).
/// </remarks>
internal sealed class BedrockAuthentication
{
    private const string InvalidSignature = "InvalidSignatureException";
    private const string UnrecognizedClient = "UnrecognizedClientException";

    // AWS refuses a signature whose x-amz-date is more than five minutes off.
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    private FakeAwsCredentials _credentials = FakeAwsCredentials.Default;

    public FakeAwsCredentials Credentials
    {
        get => Volatile.Read(ref _credentials);
        set => Volatile.Write(ref _credentials, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Why the request is refused (403 with this error type and message), or <see langword="null"/> when it may pass.</summary>
    public (string ErrorType, string Message)? Check(WireRequest request)
    {
        var recorded = request.Request;
        var authorization = recorded.Header("Authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return ("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        if (!authorization.StartsWith(AwsSigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", $"Authorization header requires the {AwsSigV4.Algorithm} algorithm or a Bearer token.");
        }

        var rawTarget = request.Http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? recorded.Path;
        return CheckSignature(recorded, authorization, rawTarget, Credentials);
    }

    private static (string, string)? CheckSignature(RecordedRequest request, string authorization, string rawTarget, FakeAwsCredentials expected)
    {
        var parts = authorization[(AwsSigV4.Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credential)
            || !parts.TryGetValue("SignedHeaders", out var signedHeaderList)
            || !parts.TryGetValue("Signature", out var signature))
        {
            return ("IncompleteSignatureException", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'.");
        }

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope[0] != expected.AccessKeyId)
        {
            return (UnrecognizedClient, "The security token included in the request is invalid.");
        }

        if (scope[3] != "bedrock" || scope[4] != "aws4_request")
        {
            return (InvalidSignature, "Credential should be scoped to correct service: 'bedrock'.");
        }

        var token = request.Header("X-Amz-Security-Token");
        var signedNames = signedHeaderList.Split(';');
        if (token != expected.SessionToken || (token is not null && !signedNames.Contains("x-amz-security-token")))
        {
            return (UnrecognizedClient, "The security token included in the request is invalid.");
        }

        var amzDate = request.Header("X-Amz-Date");
        if (amzDate is null || !signedNames.Contains("host") || !signedNames.Contains("x-amz-date"))
        {
            return ("IncompleteSignatureException", "Signed headers must include host and x-amz-date.");
        }

        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || scope[1] != amzDate[..8])
        {
            return (InvalidSignature, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP.");
        }

        if ((DateTimeOffset.UtcNow - signedAt).Duration() > AllowedSkew)
        {
            return (InvalidSignature, $"Signature expired: {amzDate} is now earlier or later than the 5 minutes the server allows.");
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in signedNames)
        {
            if (request.Header(name) is not { } value)
            {
                return (InvalidSignature, $"The signed header '{name}' is not in the request.");
            }

            headers.Add(new(name, value));
        }

        var query = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rawTarget : rawTarget[..query];
        var rawQuery = query < 0 ? string.Empty : rawTarget[(query + 1)..];
        // The recorder keeps the body as UTF-8 text; JSON bodies round-trip to the very bytes that were signed.
        var payloadHash = AwsSigV4.Sha256Hex(Encoding.UTF8.GetBytes(request.Body));
        var canonical = AwsSigV4.CanonicalRequest(request.Method, path, rawQuery, headers, payloadHash);
        var computed = AwsSigV4.Signature(expected.SecretAccessKey, amzDate, scope[2], scope[3], canonical);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(signature))
            ? null
            : (InvalidSignature, "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    }
}
