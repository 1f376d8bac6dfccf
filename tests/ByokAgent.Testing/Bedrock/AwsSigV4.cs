using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ByokAgent.Testing.Bedrock;

/// <summary>
/// AWS Signature Version 4, written from AWS's specification with <see cref="System.Security.Cryptography"/> only, so
/// the fake checks signatures independently of the AWSSDK.Core signer the client under test uses.
/// </summary>
/// <remarks>
/// Covers what Bedrock's runtime API needs: any method, a raw (already percent-encoded) path that is encoded again as
/// every service but S3 requires, a query string, and the signed headers. Checked against AWS's published test vectors.
/// </remarks>
public static class AwsSigV4
{
    /// <summary>The only algorithm name SigV4 uses in the <c>Authorization</c> header.</summary>
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The canonical request (task 1 of the specification).</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="rawPath">The path exactly as sent on the wire (still percent-encoded).</param>
    /// <param name="rawQuery">The query as sent, without <c>?</c>; empty when none.</param>
    /// <param name="signedHeaders">The signed headers' names and values (any case, any order).</param>
    /// <param name="payloadSha256Hex">The lower-case hex SHA-256 of the body.</param>
    public static string CanonicalRequest(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> signedHeaders,
        string payloadSha256Hex)
    {
        ArgumentNullException.ThrowIfNull(signedHeaders);
        var headers = signedHeaders
            .Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: string.Join(' ', h.Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries))))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .ToList();
        var builder = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(CanonicalPath(rawPath)).Append('\n')
            .Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        return builder.Append('\n')
            .Append(string.Join(';', headers.Select(h => h.Name))).Append('\n')
            .Append(payloadSha256Hex)
            .ToString();
    }

    /// <summary>The string to sign (task 2).</summary>
    public static string StringToSign(string amzDate, string credentialScope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{credentialScope}\n{Sha256Hex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    /// <summary>The signing key: the HMAC chain over date, region, service and <c>aws4_request</c> (task 3).</summary>
    public static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        return Hmac(key, "aws4_request");
    }

    /// <summary>The hex signature of a canonical request (tasks 2 to 4).</summary>
    /// <param name="secretAccessKey">The secret access key.</param>
    /// <param name="amzDate">The <c>x-amz-date</c> value, <c>yyyyMMddTHHmmssZ</c>.</param>
    /// <param name="region">The scope's region.</param>
    /// <param name="service">The scope's service (<c>bedrock</c>).</param>
    /// <param name="canonicalRequest">From <see cref="CanonicalRequest"/>.</param>
    public static string Signature(string secretAccessKey, string amzDate, string region, string service, string canonicalRequest)
    {
        ArgumentNullException.ThrowIfNull(amzDate);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var key = SigningKey(secretAccessKey, date, region, service);
        return Convert.ToHexStringLower(Hmac(key, StringToSign(amzDate, scope, canonicalRequest)));
    }

    /// <summary>Lower-case hex SHA-256, as SigV4 hashes payloads and canonical requests.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    // Each segment of the wire path is encoded once more: a model id's "%3A" becomes "%253A".
    private static string CanonicalPath(string rawPath) =>
        string.IsNullOrEmpty(rawPath) ? "/" : string.Join('/', rawPath.Split('/').Select(Encode));

    private static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return string.Empty;
        }

        var pairs = rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Select(parts => (Name: Encode(Uri.UnescapeDataString(parts[0])), Value: Encode(Uri.UnescapeDataString(parts.Length > 1 ? parts[1] : string.Empty))))
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Name}={p.Value}"));
    }

    private static string Encode(string value)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
