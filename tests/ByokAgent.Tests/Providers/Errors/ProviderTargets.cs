using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Tests.Providers.Errors;

/// <summary>Every catalog provider as <see cref="ProviderTarget"/>; keys are shaped like each provider's real ones, so scrubbing tests prove something.</summary>
internal static class ProviderTargets
{
    private static readonly Dictionary<string, string> None = [];

    public static IReadOnlyList<ProviderTarget> All { get; } =
    [
        new("openai", "v1/", "gpt-4o-mini", "sk-proj-T3stOpenAIk3y-9f8e7d6c5b4a3f2e1d0c", None),
        new("anthropic", string.Empty, "claude-sonnet-4-5", "sk-ant-api03-T3stK3y_9f8e7d6c5b4a-Zx0Yw1Vu2Ts3Rq4Po5Nm6AA", None),
        new("gemini", "v1beta/openai/", "gemini-2.5-flash", "AIzaSyT3stG3m1n1K3y-9f8e7d6c5b4a3f2e1d0", None),
        new("openrouter", "api/v1", "openai/gpt-4o-mini", "sk-or-v1-7e3f0c1d2b4a59687f6e5d4c3b2a19080f1e2d3c", None),
        new("orcarouter", "v1", "orcarouter/auto", "sk-orca-T3st9f8e7d6c5b4a3f2e1d0c9b8a", None),
        new("qwen", "compatible-mode/v1", "qwen-plus", "sk-5f0d3c2b1a0e9f8d7c6b5a4f3e2d1c0b", None),
        new("deepseek", string.Empty, "deepseek-chat", "sk-d33pseekT3st4f9a2c7e1b8d6a3f5c0e", None),
        new("minimax", "v1", "MiniMax-M2", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.bWluaW1heC10ZXN0LWtleQ", None),
        new("zai", "api/coding/paas/v4/", "glm-4.6", "4f9a2c7e1b8d6a3f5c0e9b7d1a2b3c4d.Zt3stK3yZa1b2c3d", None),
        new("azure-openai", string.Empty, "gpt-4o", "3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c", new Dictionary<string, string>
        {
            ["deployment"] = "chat-prod",
            ["api_version"] = "2025-04-01-preview",
        }),
        new("bedrock", string.Empty, "us.amazon.nova-micro-v1:0", null, new Dictionary<string, string>
        {
            ["region"] = "us-east-1",
            ["access_key_id"] = FakeAwsCredentials.Default.AccessKeyId,
            ["secret_access_key"] = FakeAwsCredentials.Default.SecretAccessKey,
        }),
        new("openai-compatible", "v1", "Qwen/Qwen3-8B", "vllm-local-T3st-k3y-5c0e9b7d1a2b", None),
    ];

    public static ProviderTarget Get(string id) => All.Single(target => target.Id == id);
}
