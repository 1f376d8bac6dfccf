namespace ByokAgent.Providers;

/// <summary>The wire protocol a provider speaks, which decides how a <see cref="ModelConfig"/> becomes a chat client.</summary>
public enum WireFamily
{
    /// <summary>OpenAI chat completions, as spoken by OpenAI and the many servers that copy it.</summary>
    OpenAICompatible,

    /// <summary>Anthropic Messages.</summary>
    AnthropicMessages,

    /// <summary>Azure OpenAI deployments: OpenAI bodies under <c>/openai/deployments/{deployment}</c> with <c>api-key</c>.</summary>
    AzureOpenAI,

    /// <summary>AWS Bedrock Converse and ConverseStream.</summary>
    BedrockConverse,
}
