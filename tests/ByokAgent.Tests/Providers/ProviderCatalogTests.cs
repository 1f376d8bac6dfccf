using ByokAgent.Providers;

namespace ByokAgent.Tests.Providers;

public sealed class ProviderCatalogTests
{
    // DESIGN.md's provider table, row by row, hosts exactly as written there.
    public static TheoryData<string, string, string?, WireFamily> DesignTable => new()
    {
        { "openai", "OpenAI", "https://api.openai.com/v1", WireFamily.OpenAICompatible },
        { "anthropic", "Anthropic", "https://api.anthropic.com/", WireFamily.AnthropicMessages },
        { "gemini", "Google Gemini", "https://generativelanguage.googleapis.com/v1beta/openai/", WireFamily.OpenAICompatible },
        { "openrouter", "OpenRouter", "https://openrouter.ai/api/v1", WireFamily.OpenAICompatible },
        { "orcarouter", "OrcaRouter", "https://api.orcarouter.ai/v1", WireFamily.OpenAICompatible },
        { "qwen", "Qwen (Alibaba)", "https://dashscope.aliyuncs.com/compatible-mode/v1", WireFamily.OpenAICompatible },
        { "deepseek", "DeepSeek", "https://api.deepseek.com", WireFamily.OpenAICompatible },
        { "minimax", "Minimax", "https://api.minimax.io/v1", WireFamily.OpenAICompatible },
        { "zai", "Z.ai", "https://api.z.ai/api/coding/paas/v4/", WireFamily.OpenAICompatible },
        { "azure-openai", "Azure OpenAI", null, WireFamily.AzureOpenAI },
        { "bedrock", "AWS Bedrock", null, WireFamily.BedrockConverse },
        { "openai-compatible", "OpenAI Compatible", null, WireFamily.OpenAICompatible },
    };

    [Fact]
    public void Ids_AreTheDesignTableInMenuOrder()
    {
        ProviderCatalog.Ids.Should().Equal(
            "openai", "anthropic", "gemini", "openrouter", "orcarouter", "qwen", "deepseek", "minimax", "zai",
            "azure-openai", "bedrock", "openai-compatible");
        ProviderCatalog.All.Select(p => p.Id).Should().Equal(ProviderCatalog.Ids);
    }

    [Theory]
    [MemberData(nameof(DesignTable))]
    public void Get_EachDesignRow_HasNameHostAndWireOfTheTable(string id, string displayName, string? defaultHost, WireFamily wire)
    {
        var provider = ProviderCatalog.Get(id);

        provider.Id.Should().Be(id);
        provider.DisplayName.Should().Be(displayName);
        provider.Wire.Should().Be(wire);
        // OriginalString: the host as written, trailing slash or not (Uri.ToString would add one to a bare authority).
        (provider.DefaultHost?.OriginalString).Should().Be(defaultHost);
    }

    [Theory]
    [InlineData("https://api.deepseek.com", "/")]
    [InlineData("https://api.z.ai/api/coding/paas/v4/", "/api/coding/paas/v4/")]
    [InlineData("https://generativelanguage.googleapis.com/v1beta/openai/", "/v1beta/openai/")]
    [InlineData("https://api.anthropic.com/", "/")]
    [InlineData("https://openrouter.ai/api/v1", "/api/v1")]
    public void DefaultHost_KeepsThePathShapeOfTheProvider(string host, string expectedPath)
    {
        var provider = ProviderCatalog.All.Single(p => p.DefaultHost?.OriginalString == host);

        provider.DefaultHost!.AbsolutePath.Should().Be(expectedPath);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    [InlineData("gemini")]
    [InlineData("openrouter")]
    [InlineData("orcarouter")]
    [InlineData("qwen")]
    [InlineData("deepseek")]
    [InlineData("minimax")]
    [InlineData("zai")]
    [InlineData("azure-openai")]
    public void Get_ProvidersThatRequireAKey_SayTheyDo(string id) =>
        ProviderCatalog.Get(id).RequiresApiKey.Should().BeTrue();

    [Theory]
    [InlineData("bedrock")]
    [InlineData("openai-compatible")]
    public void Get_ProvidersWithOtherCredentialsOrNone_DoNotRequireAKey(string id) =>
        ProviderCatalog.Get(id).RequiresApiKey.Should().BeFalse();

    [Theory]
    [InlineData("openai")]
    [InlineData("gemini")]
    [InlineData("openrouter")]
    [InlineData("orcarouter")]
    [InlineData("qwen")]
    [InlineData("deepseek")]
    [InlineData("minimax")]
    [InlineData("zai")]
    [InlineData("openai-compatible")]
    public void Get_OpenAIFamily_HasNoExtras(string id) =>
        ProviderCatalog.Get(id).ExtraFields.Should().BeEmpty();

    [Fact]
    public void Get_AzureOpenAI_RequiresDeploymentAndDefaultsApiVersion()
    {
        var azure = ProviderCatalog.Get("azure-openai");

        azure.ExtraFields.Select(f => f.Name).Should().Equal("deployment", "api_version");
        azure.FindExtra("deployment")!.Required.Should().BeTrue();
        azure.FindExtra("deployment")!.DefaultValue.Should().BeNull();
        azure.FindExtra("api_version")!.Required.Should().BeFalse();
        azure.FindExtra("api_version")!.DefaultValue.Should().Be(ProviderCatalog.AzureDefaultApiVersion);
        azure.ExtraFields.Should().OnlyContain(f => !f.Secret);
    }

    [Fact]
    public void AzureDefaultApiVersion_IsTheGaVersion() =>
        ProviderCatalog.AzureDefaultApiVersion.Should().Be("2024-10-21");

    [Fact]
    public void Get_Bedrock_RequiresRegionAndMarksAwsSecretsSecret()
    {
        var bedrock = ProviderCatalog.Get("bedrock");

        bedrock.ExtraFields.Select(f => f.Name).Should().Equal("region", "access_key_id", "secret_access_key", "session_token");
        bedrock.ExtraFields.Where(f => f.Required).Select(f => f.Name).Should().Equal("region");
        bedrock.ExtraFields.Where(f => f.Secret).Select(f => f.Name).Should().Equal("secret_access_key", "session_token");
    }

    [Fact]
    public void Get_Anthropic_DefaultsMaxTokens()
    {
        var maxTokens = ProviderCatalog.Get("anthropic").FindExtra("max_tokens");

        maxTokens.Should().NotBeNull();
        maxTokens!.Required.Should().BeFalse();
        maxTokens.DefaultValue.Should().Be("4096");
    }

    [Fact]
    public void ExtraFields_EveryFieldTellsTheUserWhatToEnter() =>
        ProviderCatalog.All.SelectMany(p => p.ExtraFields).Should().OnlyContain(f => !string.IsNullOrWhiteSpace(f.Description));

    [Theory]
    [InlineData("OpenAI", "openai")]
    [InlineData("ZAI", "zai")]
    [InlineData("Azure-OpenAI", "azure-openai")]
    [InlineData("  bedrock ", "bedrock")]
    public void Get_IdInOtherCaseOrPadded_FindsProvider(string typed, string id) =>
        ProviderCatalog.Get(typed).Id.Should().Be(id);

    [Fact]
    public void FindExtra_NameInOtherCase_FindsField() =>
        ProviderCatalog.Get("bedrock").FindExtra("Secret_Access_Key")!.Name.Should().Be("secret_access_key");

    [Fact]
    public void FindExtra_UnknownName_IsNull() =>
        ProviderCatalog.Get("azure-openai").FindExtra("region").Should().BeNull();

    [Fact]
    public void Get_UnknownId_ThrowsListingKnownIds()
    {
        var act = () => ProviderCatalog.Get("mistral");

        var exception = act.Should().Throw<ModelConfigException>().Which;
        exception.Field.Should().Be("provider");
        exception.Message.Should().Contain("'mistral'");
        foreach (var id in ProviderCatalog.Ids)
        {
            exception.Message.Should().Contain(id);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("gpt")]
    public void TryGet_UnknownOrMissingId_ReturnsFalse(string? id)
    {
        ProviderCatalog.TryGet(id, out var provider).Should().BeFalse();
        provider.Should().BeNull();
    }

    [Fact]
    public void TryGet_KnownId_ReturnsDescriptor()
    {
        ProviderCatalog.TryGet("Gemini", out var provider).Should().BeTrue();
        provider!.Id.Should().Be("gemini");
    }
}
