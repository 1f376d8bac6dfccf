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
        var clientOptions = new OpenAIClientOptions
        {
            // Used as typed: the SDK appends "/chat/completions" to whatever path the host has (".../v1", DeepSeek's bare
            // host, Z.ai's ".../paas/v4/").
            Endpoint = config.ResolveHost(),
            Transport = new HttpClientPipelineTransport(httpClient),
            NetworkTimeout = options.RequestTimeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
        };

        if (config.Headers.Count > 0)
        {
            clientOptions.AddPolicy(new RequestHeadersPolicy(config.Headers), PipelinePosition.PerCall);
        }

        AuthenticationPolicy authentication = string.IsNullOrWhiteSpace(config.ApiKey)
            ? NoAuthenticationPolicy.Instance
            : ApiKeyAuthenticationPolicy.CreateBearerAuthorizationPolicy(new ApiKeyCredential(config.ApiKey));

        // OPENAI001: the AuthenticationPolicy constructor is marked for evaluation, but it is the only way to send no
        // credentials to a keyless local server (and Azure's api-key header later) without a fake bearer token.
#pragma warning disable OPENAI001
        return new ChatClient(config.Model, authentication, clientOptions).AsIChatClient();
#pragma warning restore OPENAI001
    }
}
