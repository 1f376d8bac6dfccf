using System.Text.Json.Nodes;
using ByokAgent.Testing;
using ByokAgent.Tests.Providers.Errors;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>
/// With a good key and an existing model every provider validates, and the validator sends exactly its cheap plan
/// (shared/wire.md §4): free lookups where they exist, a one-token chat where only a generation tells.
/// </summary>
public sealed class ModelValidatorValidKeyTests : IAsyncLifetime
{
    private ValidationHost _host = null!;

    /// <summary>The requests each provider's validation makes, in order.</summary>
    public static TheoryData<string, string[]> Plans => new()
    {
        { "openai", ["GET /v1/models/gpt-4o-mini", "POST /v1/chat/completions"] },
        { "anthropic", ["POST /v1/messages"] },
        { "gemini", ["GET /v1beta/openai/models/gemini-2.5-flash", "POST /v1beta/openai/chat/completions"] },
        { "openrouter", ["GET /api/v1/key", "GET /api/v1/models"] },
        { "orcarouter", ["POST /v1/chat/completions"] },
        { "qwen", ["POST /compatible-mode/v1/chat/completions"] },
        { "deepseek", ["GET /user/balance", "GET /models"] },
        { "minimax", ["POST /v1/chat/completions"] },
        { "zai", ["POST /api/coding/paas/v4/chat/completions"] },
        { "azure-openai", ["POST /openai/deployments/chat-prod/chat/completions"] },
        { "bedrock", ["POST /model/us.amazon.nova-micro-v1:0/converse"] },
        { "openai-compatible", ["GET /v1/models"] },
    };

    public async Task InitializeAsync() => _host = await ValidationHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Plans_CoverEveryCatalogProvider()
    {
        Plans.Select(row => (string)row[0]).Should().BeEquivalentTo(ProviderTargets.All.Select(target => target.Id));
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task ValidateAsync_GoodKeyAndModel_IsValidAfterTheProvidersCheapPlan(string provider, string[] plan)
    {
        var target = ProviderTargets.Get(provider);

        var result = await _host.ValidateAsync(target);

        result.IsValid.Should().BeTrue(result.Message + " " + result.Detail);
        result.Failure.Should().BeNull();
        result.Message.Should().Be($"{target.DisplayName} accepted the key and the model {target.Model}.");
        result.AllWarnings.Should().BeEmpty();
        _host.Fake.Requests.Select(request => $"{request.Method} {request.Path}").Should().Equal(plan);
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task ValidateAsync_EveryRequest_CarriesTheProvidersCredential(string provider, string[] plan)
    {
        var target = ProviderTargets.Get(provider);

        await _host.ValidateAsync(target);

        _host.Fake.Requests.Should().HaveCount(plan.Length);
        foreach (var request in _host.Fake.Requests)
        {
            switch (provider)
            {
                case "anthropic":
                    request.Header("x-api-key").Should().Be(target.Key, "Anthropic documents x-api-key for API keys");
                    request.Header("anthropic-version").Should().Be("2023-06-01");
                    break;
                case "azure-openai":
                    request.Header("api-key").Should().Be(target.Key);
                    request.QueryString.Should().Be("?api-version=2025-04-01-preview");
                    break;
                case "bedrock":
                    // The fake checked the SigV4 signature against these credentials before answering.
                    request.Header("Authorization").Should().StartWith($"AWS4-HMAC-SHA256 Credential={target.Extras["access_key_id"]}/");
                    break;
                default:
                    request.Header("Authorization").Should().Be($"Bearer {target.Key}");
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Plans))]
    public async Task ValidateAsync_ChatCall_AsksForOneTokenWithoutStreaming(string provider, string[] plan)
    {
        var target = ProviderTargets.Get(provider);

        await _host.ValidateAsync(target);

        var chats = _host.Fake.Requests.Where(request => request.Method == "POST").ToList();
        chats.Should().HaveCount(plan.Count(step => step.StartsWith("POST ", StringComparison.Ordinal)));
        foreach (var chat in chats)
        {
            var body = chat.Json!.AsObject();
            MaxTokens(provider, body).Should().Be(1);
            body["stream"]?.GetValue<bool>().Should().NotBe(true);
            if (provider != "bedrock" && provider != "azure-openai")
            {
                body["model"]!.GetValue<string>().Should().Be(target.Model);
            }
        }
    }

    [Fact]
    public async Task ValidateAsync_OpenAICompatibleWithoutKey_SendsNoAuthorization()
    {
        var target = ProviderTargets.Get("openai-compatible") with { Key = null };

        var result = await _host.ValidateAsync(target);

        result.IsValid.Should().BeTrue("Ollama and most local servers need no key");
        _host.Fake.Requests.Should().ContainSingle().Which.Header("Authorization").Should().BeNull();
    }

    private static int? MaxTokens(string provider, JsonObject body) => provider switch
    {
        "bedrock" => body["inferenceConfig"]?["maxTokens"]?.GetValue<int>(),
        "anthropic" => body["max_tokens"]?.GetValue<int>(),
        // The OpenAI SDK sends max_completion_tokens; older servers know max_tokens.
        _ => (body["max_completion_tokens"] ?? body["max_tokens"])?.GetValue<int>(),
    };
}
