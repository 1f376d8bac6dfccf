using ByokAgent.Providers;
using ByokAgent.Testing;
using ByokAgent.Testing.Bedrock;

namespace ByokAgent.Tests.Conformance;

/// <summary>
/// The conformance table: one row per catalog provider (Bedrock twice, once per kind of credential). Hosts keep each
/// provider's real path prefix; keys are shaped like the provider's; error bodies are each provider's own envelope
/// (shared/wire.md §3), each with the class shared/wire.md §1 gives it: a rejected key for every row but the keyless
/// OpenAI-compatible server, whose typical failure is an unknown model. A provider added to the catalog only adds a row here.
/// </summary>
internal static class ProviderCases
{
    private const string BedrockRegion = "us-east-1";
    private const string BedrockModel = "us.amazon.nova-micro-v1:0";

    public static IReadOnlyList<ProviderCase> All { get; } =
    [
        OpenAIFamily("openai", "v1/", "gpt-test", "sk-proj-T3stOpenAIk3y-9f8e7d6c5b4a3f2e1d0c", key => ProviderError.Json(
            401,
            $$"""
            {
                "error": {
                    "message": "Incorrect API key provided: {{key}}. You can find your API key at https://platform.openai.com/account/api-keys.",
                    "type": "invalid_request_error",
                    "param": null,
                    "code": "invalid_api_key"
                }
            }
            """,
            "Incorrect API key provided: [redacted]. You can find your API key at https://platform.openai.com/account/api-keys.",
            ProviderFailure.InvalidKey)),
        new()
        {
            Name = "anthropic",
            ProviderId = "anthropic",
            HostPath = string.Empty,
            Model = "claude-sonnet-4-5",
            ApiKey = AnthropicKey,
            Wire = WireShape.AnthropicMessages,
            Auth = WireAuth.KeyHeader("x-api-key", AnthropicKey),
            ChatPath = "/v1/messages",
            RequiredHeaders = new Dictionary<string, string> { ["anthropic-version"] = "2023-06-01" },
            Error = ProviderError.Json(
                401,
                """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"},"request_id":"req_011CTestAuthFailure01"}""",
                "invalid x-api-key",
                ProviderFailure.InvalidKey),
        },
        OpenAIFamily("gemini", "v1beta/openai/", "gemini-2.5-flash", "AIzaSyT3stG3m1n1K3y-9f8e7d6c5b4a3f2e1d0", _ => ProviderError.Json(
            400,
            """[{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com","metadata":{"service":"generativelanguage.googleapis.com"}}]}}]""",
            "API key not valid. Please pass a valid API key.",
            ProviderFailure.InvalidKey)),
        OpenAIFamily("openrouter", "api/v1", "openai/gpt-4o-mini", "sk-or-v1-7e3f0c1d2b4a59687f6e5d4c3b2a19080f1e2d3c", _ => ProviderError.Json(
            401,
            """{"error":{"message":"User not found.","code":401}}""",
            "User not found.",
            ProviderFailure.InvalidKey)),
        OpenAIFamily("orcarouter", "v1", "orcarouter/auto", "sk-orca-T3st9f8e7d6c5b4a3f2e1d0c9b8a", _ => ProviderError.Json(
            401,
            """{"error":{"message":"Invalid API key provided.","type":"auth_error"}}""",
            "Invalid API key provided.",
            ProviderFailure.InvalidKey)),
        OpenAIFamily("qwen", "compatible-mode/v1", "qwen-plus", "sk-5f0d3c2b1a0e9f8d7c6b5a4f3e2d1c0b", _ => ProviderError.Json(
            401,
            """{"error":{"message":"Incorrect API key provided. For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error","type":"invalid_request_error","param":null,"code":"invalid_api_key"},"request_id":"5f1e3c2a-8b7d-9e6f-a4c3-2b1d0e9f8a7c"}""",
            "Incorrect API key provided. For details, see: https://help.aliyun.com/zh/model-studio/error-code#apikey-error",
            ProviderFailure.InvalidKey)),
        OpenAIFamily("deepseek", string.Empty, "deepseek-chat", "sk-d33pseekT3st4f9a2c7e1b8d6a3f5c0e", key => ProviderError.Json(
            401,
            $$$"""{"error":{"message":"Authentication Fails, Your api key: ****{{{key[^4..]}}} is invalid","type":"authentication_error","param":null,"code":"invalid_request_error"}}""",
            $"Authentication Fails, Your api key: ****{key[^4..]} is invalid",
            ProviderFailure.InvalidKey)),
        OpenAIFamily("minimax", "v1", "MiniMax-M2", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.bWluaW1heC10ZXN0LWtleQ", _ => ProviderError.Json(
            401,
            """{"type":"error","error":{"type":"authorized_error","message":"invalid api key (2049)","http_code":"401"},"request_id":"05f1a7b2c3d4e5f60718293a4b5c6d7e"}""",
            "invalid api key (2049)",
            ProviderFailure.InvalidKey)),
        OpenAIFamily("zai", "api/coding/paas/v4/", "glm-4.6", "4f9a2c7e1b8d6a3f5c0e9b7d1a2b3c4d.Zt3stK3yZa1b2c3d", _ => ProviderError.Json(
            401,
            """{"error":{"code":"1002","message":"Authorization Token非法，请确认Authorization Token正确传递。"}}""",
            "Authorization Token非法，请确认Authorization Token正确传递。",
            ProviderFailure.InvalidKey)),
        new()
        {
            Name = "azure-openai",
            ProviderId = "azure-openai",
            HostPath = string.Empty,
            Model = "gpt-4o",
            ApiKey = AzureKey,
            Extras = new Dictionary<string, string> { ["deployment"] = "chat-prod", ["api_version"] = "2025-04-01-preview" },
            Wire = WireShape.OpenAIChat,
            Auth = WireAuth.KeyHeader("api-key", AzureKey),
            ChatPath = "/openai/deployments/chat-prod/chat/completions",
            Query = "?api-version=2025-04-01-preview",
            Error = ProviderError.Json(
                401,
                """{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}""",
                "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
                ProviderFailure.InvalidKey),
        },
        Bedrock(
            "bedrock",
            apiKey: null,
            new Dictionary<string, string>
            {
                ["region"] = BedrockRegion,
                ["access_key_id"] = FakeAwsCredentials.Default.AccessKeyId,
                ["secret_access_key"] = FakeAwsCredentials.Default.SecretAccessKey,
            },
            WireAuth.SigV4(FakeAwsCredentials.Default.AccessKeyId, BedrockRegion),
            "UnrecognizedClientException",
            "The security token included in the request is invalid."),
        Bedrock(
            "bedrock (API key)",
            BedrockApiKey,
            new Dictionary<string, string> { ["region"] = BedrockRegion },
            WireAuth.Bearer(BedrockApiKey),
            "AccessDeniedException",
            "Authentication failed: Please make sure your API Key is valid."),
        OpenAIFamily("openai-compatible", "v1", "Qwen/Qwen3-8B", "vllm-local-T3st-k3y-5c0e9b7d1a2b", _ => ProviderError.Json(
            404,
            """{"object":"error","message":"The model `Qwen/Qwen3-8B` does not exist.","type":"NotFoundError","param":null,"code":404}""",
            "The model `Qwen/Qwen3-8B` does not exist.",
            ProviderFailure.InvalidModel)),
    ];

    private static string AnthropicKey => "sk-ant-api03-T3stK3y_9f8e7d6c5b4a-Zx0Yw1Vu2Ts3Rq4Po5Nm6AA";

    private static string AzureKey => "3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c";

    private static string BedrockApiKey => "ABSKQmVkcm9ja0FQSUtleS1jb25mb3JtYW5jZS10ZXN0";

    public static TheoryData<ProviderCase> Rows()
    {
        var rows = new TheoryData<ProviderCase>();
        foreach (var row in All)
        {
            rows.Add(row);
        }

        return rows;
    }

    private static ProviderCase OpenAIFamily(string id, string hostPath, string model, string key, Func<string, ProviderError> error) => new()
    {
        Name = id,
        ProviderId = id,
        HostPath = hostPath,
        Model = model,
        ApiKey = key,
        Wire = WireShape.OpenAIChat,
        Auth = WireAuth.Bearer(key),
        ChatPath = $"/{hostPath.Trim('/')}/chat/completions".Replace("//", "/", StringComparison.Ordinal),
        Error = error(key),
    };

    private static ProviderCase Bedrock(string name, string? apiKey, Dictionary<string, string> extras, WireAuth auth, string errorType, string errorMessage) => new()
    {
        Name = name,
        ProviderId = "bedrock",
        HostPath = string.Empty,
        Model = BedrockModel,
        ApiKey = apiKey,
        Extras = extras,
        Wire = WireShape.BedrockConverse,
        Auth = auth,
        ChatPath = $"/model/{BedrockModel}/converse",
        StreamPath = $"/model/{BedrockModel}/converse-stream",
        Error = new ProviderError(BedrockReplies.Error(403, errorType, errorMessage), 403, $"{errorType}: {errorMessage}", ProviderFailure.InvalidKey),
    };
}
