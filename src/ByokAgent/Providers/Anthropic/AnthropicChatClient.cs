using System.Globalization;
using Anthropic;
using Anthropic.Core;
using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.Anthropic;

/// <summary>Builds the <see cref="IChatClient"/> for Anthropic Messages through the official Anthropic SDK.</summary>
/// <remarks>
/// The SDK's own <c>AsIChatClient</c> does the Messages mapping (system prompt to <c>system</c>, tools, <c>tool_use</c> /
/// <c>tool_result</c> blocks, SSE events, usage); this type only points it at the configured host over the shared pool and
/// fixes the headers (<see cref="AnthropicApiKeyHandler"/>).
/// </remarks>
internal static class AnthropicChatClient
{
    private const string VersionSegment = "/v1";

    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options)
    {
        var client = new AnthropicClient(new ClientOptions
        {
            // `new ClientOptions()` also allocates an HttpClient of its own; it is replaced here before anything is sent, so
            // it never opens a connection and every request goes through the shared pool.
            HttpClient = httpClient,
            Handlers = [new AnthropicApiKeyHandler(config.ApiKey!, config.Headers)],
            BaseUrl = BaseUrl(config.ResolveHost()),
            // Set explicitly, so the SDK never falls back to ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN or a credentials
            // profile of the machine it runs on: a project's key is the only credential. The handler moves it to x-api-key.
            ApiKey = config.ApiKey,
            // One retry loop, in the shared HTTP pipeline: the SDK's own is off, and its timeout, which wraps that loop
            // (each attempt has its own inside), is the total one.
            MaxRetries = 0,
            Timeout = options.TotalRequestTimeout,
        });

        // The SDK's chat client has a no-op Dispose, so nothing downstream can dispose the client and, with it, the
        // shared HttpClient (AnthropicClient.Dispose would).
        return client.AsIChatClient(config.Model, MaxTokens(config));
    }

    /// <summary>The SDK's base URL for a configured host: the host without a trailing <c>/v1</c>, because the SDK appends <c>/v1/messages</c>.</summary>
    /// <remarks>Users copy hosts from docs that include the version (<c>https://api.anthropic.com/v1</c>); a path prefix of a
    /// gateway (<c>https://gateway.example/anthropic</c>) is kept.</remarks>
    internal static string BaseUrl(Uri host)
    {
        var path = host.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(VersionSegment, StringComparison.OrdinalIgnoreCase))
        {
            path = path[..^VersionSegment.Length];
        }

        return host.GetLeftPart(UriPartial.Authority) + path;
    }

    // ModelConfig.Validate has already proved max_tokens a positive whole number; the catalog gives the default.
    private static int MaxTokens(ModelConfig config) =>
        int.Parse(config.GetExtra("max_tokens")!, NumberStyles.Integer, CultureInfo.InvariantCulture);
}
