using System.Collections.Frozen;

namespace ByokAgent.Providers;

/// <summary>The providers a project can bring its key for: the product's BYOK table (see DESIGN.md).</summary>
/// <remarks>Adding a provider is adding a row here; clients are chosen by <see cref="WireFamily"/>.</remarks>
public static class ProviderCatalog
{
    /// <summary>The Azure OpenAI REST API version used when a config does not name one: the current GA version.</summary>
    public const string AzureDefaultApiVersion = "2024-10-21";

    private static readonly ProviderExtraField[] NoExtras = [];

    /// <summary>Every provider, in the order menus show them.</summary>
    public static IReadOnlyList<ProviderDescriptor> All { get; } =
    [
        OpenAIFamily("openai", "OpenAI", "https://api.openai.com/v1"),
        new("anthropic", "Anthropic", new Uri("https://api.anthropic.com/"), WireFamily.AnthropicMessages,
        [
            new("max_tokens", "Upper bound on reply tokens (Anthropic requires one).", DefaultValue: "4096"),
        ]),
        OpenAIFamily("gemini", "Google Gemini", "https://generativelanguage.googleapis.com/v1beta/openai/"),
        OpenAIFamily("openrouter", "OpenRouter", "https://openrouter.ai/api/v1"),
        OpenAIFamily("orcarouter", "OrcaRouter", "https://api.orcarouter.ai/v1"),
        OpenAIFamily("qwen", "Qwen (Alibaba)", "https://dashscope.aliyuncs.com/compatible-mode/v1"),
        OpenAIFamily("deepseek", "DeepSeek", "https://api.deepseek.com"),
        OpenAIFamily("minimax", "Minimax", "https://api.minimax.io/v1"),
        OpenAIFamily("zai", "Z.ai", "https://api.z.ai/api/coding/paas/v4/"),
        new("azure-openai", "Azure OpenAI", DefaultHost: null, WireFamily.AzureOpenAI,
        [
            new("deployment", "The deployment name created in Azure AI Foundry.", Required: true),
            new("api_version", "Azure OpenAI REST API version.", DefaultValue: AzureDefaultApiVersion),
        ]),
        new("bedrock", "AWS Bedrock", DefaultHost: null, WireFamily.BedrockConverse,
        [
            new("region", "AWS region, e.g. us-east-1 (the host defaults to bedrock-runtime.{region}.amazonaws.com).", Required: true),
            new("access_key_id", "AWS access key id, for SigV4 signing instead of a Bedrock API key."),
            new("secret_access_key", "AWS secret access key (with access_key_id).", Secret: true),
            new("session_token", "AWS session token for temporary credentials.", Secret: true),
        ], RequiresApiKey: false),
        new("openai-compatible", "OpenAI Compatible", DefaultHost: null, WireFamily.OpenAICompatible, NoExtras, RequiresApiKey: false),
    ];

    private static readonly FrozenDictionary<string, ProviderDescriptor> ById =
        All.ToFrozenDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The known provider ids, in menu order.</summary>
    public static IEnumerable<string> Ids => All.Select(p => p.Id);

    /// <summary>Finds a provider by id (case-insensitive).</summary>
    public static bool TryGet(string? id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ProviderDescriptor? provider)
    {
        provider = null;
        return id is not null && ById.TryGetValue(id.Trim(), out provider);
    }

    /// <summary>Gets a provider by id, or throws a <see cref="ModelConfigException"/> that lists the known ids.</summary>
    public static ProviderDescriptor Get(string id) =>
        TryGet(id, out var provider)
            ? provider
            : throw new ModelConfigException("provider", $"Unknown provider '{id}'. Known providers: {string.Join(", ", Ids)}.");

    private static ProviderDescriptor OpenAIFamily(string id, string name, string host) =>
        new(id, name, new Uri(host), WireFamily.OpenAICompatible, NoExtras);
}
