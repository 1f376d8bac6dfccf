using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.RegularExpressions;
using ByokAgent.Providers.OpenAICompatible;
using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.AzureOpenAI;

/// <summary>Builds the <see cref="IChatClient"/> for Azure OpenAI deployments through the OpenAI SDK.</summary>
/// <remarks>
/// <para>Two surfaces, chosen by the host the user typed:</para>
/// <list type="bullet">
/// <item>A resource endpoint (<c>https://{resource}.openai.azure.com</c>): the deployments API,
/// <c>{host}/openai/deployments/{deployment}/chat/completions?api-version={api_version}</c>. <c>api_version</c> defaults to
/// <see cref="ProviderCatalog.AzureDefaultApiVersion"/>, the newest GA version of that API (later dated versions are all
/// previews: Azure moved new work to the v1 API).</item>
/// <item>A host ending in <c>/openai/v1</c>: Azure's v1 API, <c>{host}/chat/completions</c> with the deployment name as
/// <c>model</c> and no api-version.</item>
/// </list>
/// <para>Both send the key in the <c>api-key</c> header and no <c>Authorization</c> header (that one is for Entra tokens).
/// The OpenAI SDK does the rest over the pooled connection; Azure's only differences are a path, a header and a query.</para>
/// <para>The SDK always streams with <c>stream_options.include_usage</c>: 2024-10-21 and later accept it (the usage chunk
/// arrives), older versions such as 2024-06-01 reject it as an unknown parameter, so do not default to anything older.
/// The stream's first chunk (no choices, only <c>prompt_filter_results</c>) needs no handling: Microsoft.Extensions.AI
/// skips its empty id and zero timestamp.</para>
/// </remarks>
internal static partial class AzureOpenAIChatClient
{
    private const string ApiKeyHeader = "api-key";
    private const string ResourcePathSuffix = "/openai";
    private const string V1PathSuffix = "/openai/v1";

    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options)
    {
        // Validate() has already required both; the checks keep this method safe on its own.
        var deployment = config.GetExtra("deployment")
            ?? throw new ModelConfigException("deployment", "Missing deployment for Azure OpenAI: name the deployment to call.");
        var apiKey = string.IsNullOrWhiteSpace(config.ApiKey)
            ? throw new ModelConfigException("api_key", "Missing api_key for Azure OpenAI.")
            : config.ApiKey;
        var authentication = ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(apiKey), ApiKeyHeader);

        var host = config.ResolveHost();
        var path = host.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(V1PathSuffix, StringComparison.OrdinalIgnoreCase))
        {
            var v1Options = OpenAICompatibleChatClient.CreateClientOptions(config, WithPath(host, path), httpClient, options);
            return OpenAICompatibleChatClient.Create(deployment, authentication, v1Options);
        }

        var apiVersion = config.GetExtra("api_version") ?? ProviderCatalog.AzureDefaultApiVersion;
        if (!ApiVersionShape().IsMatch(apiVersion))
        {
            throw new ModelConfigException("api_version", $"Malformed api_version '{apiVersion}': expected a version such as {ProviderCatalog.AzureDefaultApiVersion} or 2025-04-01-preview.");
        }

        // Users paste the endpoint with "/openai" or a whole deployment URL on it; the resource root is what comes before.
        var openai = path.IndexOf(ResourcePathSuffix + "/", StringComparison.OrdinalIgnoreCase);
        var resourcePath = openai >= 0 ? path[..openai]
            : path.EndsWith(ResourcePathSuffix, StringComparison.OrdinalIgnoreCase) ? path[..^ResourcePathSuffix.Length]
            : path;
        var endpoint = WithPath(host, $"{resourcePath}{ResourcePathSuffix}/deployments/{Uri.EscapeDataString(deployment)}");
        var clientOptions = OpenAICompatibleChatClient.CreateClientOptions(config, endpoint, httpClient, options);
        clientOptions.AddPolicy(new AzureApiVersionPolicy(apiVersion), PipelinePosition.PerCall);

        // The deployment decides the model; the body's "model" is informational there, so the configured model goes in.
        return OpenAICompatibleChatClient.Create(config.Model, authentication, clientOptions);
    }

    private static Uri WithPath(Uri host, string path) => new UriBuilder(host) { Path = path }.Uri;

    // Dated versions ("2024-10-21", "2025-04-01-preview") and labels ("preview", "latest"); nothing that could break the query.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9.-]{0,63}$")]
    private static partial Regex ApiVersionShape();
}
