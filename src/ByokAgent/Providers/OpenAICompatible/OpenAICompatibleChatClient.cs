using System.ClientModel;
using System.ClientModel.Primitives;
using ByokAgent.Providers.Http;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace ByokAgent.Providers.OpenAICompatible;

/// <summary>Builds the <see cref="IChatClient"/> for every provider that speaks OpenAI chat completions.</summary>
internal static class OpenAICompatibleChatClient
{
    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options)
    {
        // Used as typed: the SDK appends "/chat/completions" to whatever path the host has (".../v1", DeepSeek's bare
        // host, Z.ai's ".../paas/v4/").
        var clientOptions = CreateClientOptions(config, config.ResolveHost(), httpClient, options);

        AuthenticationPolicy authentication = string.IsNullOrWhiteSpace(config.ApiKey)
            ? NoAuthenticationPolicy.Instance
            : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(config.ApiKey));

        return Create(config.Model, authentication, clientOptions);
    }

    /// <summary>
    /// The SDK options every OpenAI-wire client shares (Azure's too): the pooled connection, timeout, no retries of its own,
    /// the config's extra headers and the provider's <see cref="ChatWireQuirk"/>s.
    /// </summary>
    /// <remarks>
    /// Retries belong to the shared HTTP pipeline (<see cref="ProviderHttpClientPool"/>), so the SDK's policy sends once.
    /// Its network timeout wraps that whole retry loop (each attempt has its own inside), so it is the total timeout.
    /// </remarks>
    internal static OpenAIClientOptions CreateClientOptions(ModelConfig config, Uri endpoint, HttpClient httpClient, ProviderOptions options)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            Transport = new HttpClientPipelineTransport(httpClient),
            NetworkTimeout = options.TotalRequestTimeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };

        if (config.Headers.Count > 0)
        {
            clientOptions.AddPolicy(new RequestHeadersPolicy(config.Headers), PipelinePosition.PerCall);
        }

        clientOptions.AddPolicy(new ChatWireQuirksPolicy(ChatWireQuirks.For(config)), PipelinePosition.PerCall);
        return clientOptions;
    }

    /// <summary>The SDK chat client for <paramref name="model"/> as an <see cref="IChatClient"/>.</summary>
    internal static IChatClient Create(string model, AuthenticationPolicy authentication, OpenAIClientOptions clientOptions)
    {
        // OPENAI001: the AuthenticationPolicy constructor is marked for evaluation, but it is the only way to send no
        // credentials to a keyless local server, or Azure's api-key header, without a fake bearer token.
#pragma warning disable OPENAI001
        return new ChatClient(model, authentication, clientOptions).AsIChatClient();
#pragma warning restore OPENAI001
    }
}
