using ByokAgent.Bedrock;
using Microsoft.Extensions.AI;

namespace ByokAgent.Providers.Bedrock;

/// <summary>Builds the <see cref="IChatClient"/> for AWS Bedrock Converse through ByokAgent.Bedrock.</summary>
/// <remarks>
/// The config's <c>api_key</c> is a Bedrock API key (sent as a bearer token); without one, the <c>access_key_id</c>,
/// <c>secret_access_key</c> and optional <c>session_token</c> extras sign requests with SigV4.
/// </remarks>
internal static class BedrockChatClientFactory
{
    public static IChatClient Create(ModelConfig config, HttpClient httpClient, ProviderOptions options)
    {
        var region = config.GetExtra("region")
            ?? throw new ModelConfigException("region", "Missing region for AWS Bedrock: e.g. us-east-1.");
        var hasApiKey = !string.IsNullOrWhiteSpace(config.ApiKey);
        var clientOptions = new BedrockChatClientOptions
        {
            Region = region,
            ModelId = config.Model,
            Endpoint = config.ResolveHost(),
            ApiKey = hasApiKey ? config.ApiKey!.Trim() : null,
            Credentials = hasApiKey ? null : Credentials(config),
            HttpClient = httpClient,
            // The shared HTTP pipeline retries (ProviderHttpClientPool), so the client's own loop is off; its timeout wraps
            // that pipeline's attempts and waits, so it is the total one.
            Timeout = options.TotalRequestTimeout,
            MaxRetries = 0,
        };

        return new BedrockChatClient(clientOptions);
    }

    private static BedrockAwsCredentials Credentials(ModelConfig config)
    {
        // ModelConfig.Validate has already demanded both halves; these guards name the field should it be skipped.
        var accessKeyId = config.GetExtra("access_key_id")
            ?? throw new ModelConfigException("access_key_id", "Missing access_key_id (or api_key) for AWS Bedrock.");
        var secretAccessKey = config.GetExtra("secret_access_key")
            ?? throw new ModelConfigException("secret_access_key", "Missing secret_access_key for AWS Bedrock.");
        return new BedrockAwsCredentials(accessKeyId, secretAccessKey, config.GetExtra("session_token"));
    }
}
