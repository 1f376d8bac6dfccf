using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace ByokAgent.Bedrock.Signing;

/// <summary>Signs a Bedrock runtime request with AWS Signature Version 4 (service <c>bedrock</c>).</summary>
/// <remarks>
/// AWSSDK.Core's <see cref="AWS4Signer.ComputeSignature(ImmutableCredentials, string, DateTime, string, string, string)"/>
/// does the key derivation and HMAC chain; its canonicalization helpers work on the SDK's internal request type, so the
/// canonical request is built here (hand-written because no available package exposes it for an
/// <see cref="HttpRequestMessage"/>). Stateless and thread-safe.
/// </remarks>
internal static class SigV4Signer
{
    public const string ServiceName = "bedrock";

    /// <summary>Adds <c>Host</c>, <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> and <c>Authorization</c> to the request.</summary>
    /// <param name="request">A POST whose URI, <c>Accept</c> and <c>Content-Type</c> are final: they are signed.</param>
    /// <param name="body">The exact body bytes that will be sent.</param>
    /// <param name="credentials">The AWS credentials.</param>
    /// <param name="region">The region of the scope.</param>
    /// <param name="utcNow">The signing time.</param>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, BedrockAwsCredentials credentials, string region, DateTime utcNow)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        var amzDate = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

        // The Host header is set explicitly so what is signed is exactly what goes on the wire.
        var host = HostHeader(uri);
        request.Headers.Host = host;
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        var signed = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };

        if (request.Headers.Accept.Count > 0)
        {
            signed["accept"] = request.Headers.Accept.ToString();
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            signed["content-type"] = contentType.ToString();
        }

        if (!string.IsNullOrEmpty(credentials.SessionToken))
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
            signed["x-amz-security-token"] = credentials.SessionToken;
        }

        var signedHeaders = string.Join(';', signed.Keys);
        var canonicalRequest = CanonicalRequest(request.Method.Method, uri.AbsolutePath, signed, signedHeaders, body);
        var result = AWS4Signer.ComputeSignature(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            region,
            utcNow,
            ServiceName,
            signedHeaders,
            canonicalRequest);
        request.Headers.TryAddWithoutValidation("Authorization", result.ForAuthorizationHeader);
    }

    /// <summary>The canonical request of SigV4 for a request without a query string.</summary>
    internal static string CanonicalRequest(
        string method,
        string escapedPath,
        IReadOnlyDictionary<string, string> signedHeaderValues,
        string signedHeaders,
        ReadOnlySpan<byte> body)
    {
        var builder = new StringBuilder()
            .Append(method).Append('\n')
            .Append(CanonicalUri(escapedPath)).Append('\n')
            .Append('\n'); // no query string
        foreach (var (name, value) in signedHeaderValues)
        {
            builder.Append(name).Append(':').Append(CanonicalHeaderValue(value)).Append('\n');
        }

        return builder.Append('\n')
            .Append(signedHeaders).Append('\n')
            .Append(Convert.ToHexStringLower(SHA256.HashData(body)))
            .ToString();
    }

    /// <summary>
    /// Every path segment encoded once more, as SigV4 requires for every service but S3: the path on the wire already
    /// carries <c>%3A</c> for a model id's <c>:</c> (and <c>%2F</c> for an ARN's <c>/</c>), so the canonical URI holds
    /// <c>%253A</c> and <c>%252F</c>.
    /// </summary>
    internal static string CanonicalUri(string escapedPath)
    {
        if (string.IsNullOrEmpty(escapedPath))
        {
            return "/";
        }

        return string.Join('/', escapedPath.Split('/').Select(UriEncode));
    }

    /// <summary>RFC 3986 encoding as SigV4 defines it: everything but unreserved characters, upper-case hex.</summary>
    internal static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    // SigV4: trim, and collapse inner runs of spaces to one.
    private static string CanonicalHeaderValue(string value) =>
        string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string HostHeader(Uri uri)
    {
        var host = uri.HostNameType == UriHostNameType.IPv6 ? $"[{uri.IdnHost}]" : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
    }
}
