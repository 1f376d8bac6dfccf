using System.Net.Http.Headers;

namespace ByokAgent.Providers.Anthropic;

/// <summary>
/// Sends the key the way Anthropic documents for API keys, <c>x-api-key</c> with no <c>Authorization</c> header, and the
/// documented <c>anthropic-version</c>; then the config's own headers.
/// </summary>
/// <remarks>
/// <para>The quirk: Anthropic SDK 13.x sends <c>ClientOptions.ApiKey</c> as <c>Authorization: Bearer</c>, which is the API's
/// OAuth path; API keys sent that way are reported to fail with 401 "OAuth authentication is currently not supported"
/// (shared/wire.md, Anthropic). The SDK has no API-key header mode, and its <c>ExtraHeaders</c> can only add headers,
/// never remove one, so this handler runs inside the SDK's pipeline, after the SDK has set its headers.</para>
/// <para>The SDK also pins <c>anthropic-version: 2026-10-21</c> in a static table that only the process-wide
/// <c>ANTHROPIC_CUSTOM_HEADERS</c> variable can change; the handler sends the documented <see cref="ApiVersion"/> instead.
/// A config header of the same name wins, so a project can opt into another version (or <c>anthropic-beta</c>) without a
/// build.</para>
/// <para>One instance per client: the SDK chains it in front of the shared <see cref="HttpClient"/> and refuses a handler
/// that is already chained. It holds no connections, so creating one per client is cheap. Holds the key: never log it.</para>
/// </remarks>
internal sealed class AnthropicApiKeyHandler(string apiKey, IReadOnlyDictionary<string, string> headers) : DelegatingHandler
{
    /// <summary>The <c>anthropic-version</c> Anthropic documents as current and required (shared/wire.md).</summary>
    public const string ApiVersion = "2023-06-01";

    private const string ApiKeyHeader = "x-api-key";
    private const string VersionHeader = "anthropic-version";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var requestHeaders = request.Headers;
        requestHeaders.Authorization = null;
        Set(requestHeaders, ApiKeyHeader, apiKey);
        Set(requestHeaders, VersionHeader, ApiVersion);
        foreach (var (name, value) in headers)
        {
            Set(requestHeaders, name, value);
        }

        return base.SendAsync(request, cancellationToken);
    }

    // Replace, not add: the SDK adds its own anthropic-version, and a second value would be sent as "a, b".
    private static void Set(HttpRequestHeaders requestHeaders, string name, string value)
    {
        requestHeaders.Remove(name);
        requestHeaders.TryAddWithoutValidation(name, value);
    }
}
