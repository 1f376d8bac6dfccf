using ByokAgent.Providers;

namespace ByokAgent.Tests.Providers;

public sealed class ModelConfigTests
{
    private const string Key = "sk-test-9c2e5a7f1d3b8e6a4c0f";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private const string AwsSessionToken = "FwoGZXIvYXdzEBYaDHqa0AP1/session+token==";

    private static readonly ModelConfig ValidOpenAI = new() { Provider = "openai", ApiKey = Key, Model = "gpt-4o-mini" };

    private static readonly ModelConfig ValidAzure = new()
    {
        Provider = "azure-openai",
        ApiKey = Key,
        ApiHost = "https://my-resource.openai.azure.com",
        Model = "gpt-4o",
        Extras = Extras(("deployment", "chat")),
    };

    private static readonly ModelConfig ValidBedrock = new()
    {
        Provider = "bedrock",
        Model = "anthropic.claude-3-haiku-20240307-v1:0",
        Extras = Extras(("region", "us-east-1"), ("access_key_id", "AKIAIOSFODNN7EXAMPLE"), ("secret_access_key", AwsSecret)),
    };

    /// <summary>One invalid config per row, and the field its error must name.</summary>
    public static TheoryData<string, ModelConfig, string> InvalidConfigs => new()
    {
        { "missing provider", ValidOpenAI with { Provider = "" }, "provider" },
        { "blank provider", ValidOpenAI with { Provider = "   " }, "provider" },
        { "unknown provider", ValidOpenAI with { Provider = "mistral" }, "provider" },
        { "missing model", ValidOpenAI with { Model = "" }, "model" },
        { "model with spaces", ValidOpenAI with { Model = "gpt 4o" }, "model" },
        { "missing key for openai", ValidOpenAI with { ApiKey = null }, "api_key" },
        { "blank key for openai", ValidOpenAI with { ApiKey = "  " }, "api_key" },
        { "key with newline", ValidOpenAI with { ApiKey = Key + "\nsecond-line" }, "api_key" },
        { "key with tab inside", ValidOpenAI with { ApiKey = "sk-abc\tdef123" }, "api_key" },
        { "unknown extra", ValidOpenAI with { Extras = Extras(("temperature", "0.2")) }, "temperature" },
        { "azure without api_host", ValidAzure with { ApiHost = null }, "api_host" },
        { "azure without deployment", ValidAzure with { Extras = Extras(("api_version", "2025-04-01-preview")) }, "deployment" },
        { "azure with blank deployment", ValidAzure with { Extras = Extras(("deployment", " ")) }, "deployment" },
        { "bedrock without region", ValidBedrock with { Extras = Extras(("access_key_id", "AKIAIOSFODNN7EXAMPLE"), ("secret_access_key", AwsSecret)) }, "region" },
        { "bedrock with only access_key_id", ValidBedrock with { Extras = Extras(("region", "us-east-1"), ("access_key_id", "AKIAIOSFODNN7EXAMPLE")) }, "secret_access_key" },
        { "bedrock with only secret_access_key", ValidBedrock with { Extras = Extras(("region", "us-east-1"), ("secret_access_key", AwsSecret)) }, "access_key_id" },
        { "bedrock with neither key nor access keys", ValidBedrock with { Extras = Extras(("region", "us-east-1")) }, "api_key" },
        { "ftp api_host", ValidOpenAI with { ApiHost = "ftp://x" }, "api_host" },
        { "api_host not a url", ValidOpenAI with { ApiHost = "not a url" }, "api_host" },
        { "api_host without scheme", ValidOpenAI with { ApiHost = "api.openai.com/v1" }, "api_host" },
        { "api_host with query string", ValidOpenAI with { ApiHost = "https://api.example.com/v1?api-version=1" }, "api_host" },
        { "api_host with fragment", ValidOpenAI with { ApiHost = "https://api.example.com/v1#chat" }, "api_host" },
        { "openai-compatible without api_host", new ModelConfig { Provider = "openai-compatible", Model = "llama3" }, "api_host" },
        { "malformed proxy", ValidOpenAI with { Proxy = "not a url" }, "proxy" },
        { "anthropic max_tokens not a number", new ModelConfig { Provider = "anthropic", ApiKey = Key, Model = "claude-sonnet-4-5", Extras = Extras(("max_tokens", "abc")) }, "max_tokens" },
        { "anthropic max_tokens zero", new ModelConfig { Provider = "anthropic", ApiKey = Key, Model = "claude-sonnet-4-5", Extras = Extras(("max_tokens", "0")) }, "max_tokens" },
    };

    public static TheoryData<string, ModelConfig> ValidConfigs => new()
    {
        { "openai with key", ValidOpenAI },
        { "openai-compatible without key", new ModelConfig { Provider = "openai-compatible", ApiHost = "http://localhost:11434/v1", Model = "llama3.2" } },
        { "provider id in other case", ValidOpenAI with { Provider = "OpenAI" } },
        { "azure with host and deployment", ValidAzure },
        { "bedrock with access keys", ValidBedrock },
        { "bedrock with api key", ValidBedrock with { ApiKey = "ABSKexamplekey", Extras = Extras(("region", "eu-west-1")) } },
        { "anthropic with default max_tokens", new ModelConfig { Provider = "anthropic", ApiKey = Key, Model = "claude-sonnet-4-5" } },
        { "typed host with path", ValidOpenAI with { Provider = "zai", ApiHost = "https://api.z.ai/api/paas/v4" } },
        { "proxy url", ValidOpenAI with { Proxy = "http://proxy.local:3128" } },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Validate_InvalidConfig_NamesTheField(string @case, ModelConfig config, string field)
    {
        var act = config.Validate;

        act.Should().Throw<ModelConfigException>(@case).Which.Field.Should().Be(field, @case);
    }

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Validate_InvalidConfig_NeverQuotesTheKey(string @case, ModelConfig config, string field)
    {
        _ = field;
        var act = config.Validate;

        act.Should().Throw<ModelConfigException>(@case).Which.Message.Should().NotContain(Key).And.NotContain(AwsSecret);
    }

    [Theory]
    [MemberData(nameof(ValidConfigs))]
    public void Validate_ValidConfig_Passes(string @case, ModelConfig config)
    {
        var act = config.Validate;

        act.Should().NotThrow(@case);
    }

    [Fact]
    public void Validate_UnknownProvider_ListsKnownProviders()
    {
        var act = (ValidOpenAI with { Provider = "mistral" }).Validate;

        act.Should().Throw<ModelConfigException>().WithMessage("*openai*anthropic*openai-compatible*");
    }

    [Fact]
    public void Validate_UnknownExtra_ListsTheProvidersSettings()
    {
        var act = (ValidAzure with { Extras = Extras(("deployment", "chat"), ("region", "westeurope")) }).Validate;

        var exception = act.Should().Throw<ModelConfigException>().Which;
        exception.Field.Should().Be("region");
        exception.Message.Should().Contain("deployment").And.Contain("api_version");
    }

    [Fact]
    public void Validate_ProxyWithoutHttpScheme_NamesProxyField()
    {
        // "host:port" parses as an absolute URI whose scheme is the host name; the HTTP handler then refuses it on the
        // first request (only http, https and socks proxies are allowed), long after the config was saved.
        var act = (ValidOpenAI with { Proxy = "proxy.local:3128" }).Validate;

        act.Should().Throw<ModelConfigException>().Which.Field.Should().Be("proxy");
    }

    [Fact]
    public void ResolveHost_NoTypedHost_IsCatalogDefault() =>
        ValidOpenAI.ResolveHost().Should().Be(new Uri("https://api.openai.com/v1"));

    [Theory]
    [InlineData("https://eu.api.openai.com/v1")]
    [InlineData("http://127.0.0.1:8080/v1/")]
    public void ResolveHost_TypedHost_WinsOverDefault(string host) =>
        (ValidOpenAI with { ApiHost = host }).ResolveHost().Should().Be(new Uri(host));

    [Fact]
    public void ResolveHost_TypedHostWithSurroundingSpaces_IsTrimmed() =>
        (ValidOpenAI with { ApiHost = "  https://eu.api.openai.com/v1 \n" }).ResolveHost().Should().Be(new Uri("https://eu.api.openai.com/v1"));

    [Fact]
    public void ResolveHost_BlankTypedHost_IsCatalogDefault() =>
        (ValidOpenAI with { ApiHost = " " }).ResolveHost().Should().Be(new Uri("https://api.openai.com/v1"));

    [Fact]
    public void ResolveHost_BedrockWithoutHost_IsRegionalRuntimeHost() =>
        ValidBedrock.ResolveHost().Should().Be(new Uri("https://bedrock-runtime.us-east-1.amazonaws.com/"));

    [Fact]
    public void ResolveHost_BedrockWithTypedHost_WinsOverRegion() =>
        (ValidBedrock with { ApiHost = "https://vpce-0123.bedrock-runtime.us-east-1.vpce.amazonaws.com" }).ResolveHost()
            .Should().Be(new Uri("https://vpce-0123.bedrock-runtime.us-east-1.vpce.amazonaws.com"));

    [Fact]
    public void ResolveHost_ProviderWithoutDefaultAndNoHost_NamesApiHost()
    {
        var act = () => new ModelConfig { Provider = "openai-compatible", Model = "llama3" }.ResolveHost();

        act.Should().Throw<ModelConfigException>().Which.Field.Should().Be("api_host");
    }

    [Fact]
    public void GetExtra_Unset_IsCatalogDefault()
    {
        ValidAzure.GetExtra("api_version").Should().Be(ProviderCatalog.AzureDefaultApiVersion);
        new ModelConfig { Provider = "anthropic", ApiKey = Key, Model = "claude-sonnet-4-5" }.GetExtra("max_tokens").Should().Be("4096");
    }

    [Fact]
    public void GetExtra_Set_IsTheTrimmedValue() =>
        (ValidAzure with { Extras = Extras(("deployment", "chat"), ("api_version", " 2025-04-01-preview ")) })
            .GetExtra("api_version").Should().Be("2025-04-01-preview");

    [Fact]
    public void GetExtra_Blank_IsCatalogDefault() =>
        (ValidAzure with { Extras = Extras(("deployment", "chat"), ("api_version", "  ")) })
            .GetExtra("api_version").Should().Be(ProviderCatalog.AzureDefaultApiVersion);

    [Fact]
    public void GetExtra_NoValueAndNoDefault_IsNull()
    {
        ValidBedrock.GetExtra("session_token").Should().BeNull();
        ValidOpenAI.GetExtra("deployment").Should().BeNull();
    }

    [Fact]
    public void GetExtra_NameInOtherCase_FindsValue() =>
        ValidAzure.GetExtra("Deployment").Should().Be("chat");

    [Fact]
    public void GetExtra_CallerDictionaryIsCaseSensitive_StillMatchesCatalogName()
    {
        // Extras is documented as "by case-insensitive name", and Validate accepts "Region" as the known field region.
        var config = ValidBedrock with
        {
            Extras = new Dictionary<string, string>
            {
                ["Region"] = "eu-central-1",
                ["access_key_id"] = "AKIAIOSFODNN7EXAMPLE",
                ["secret_access_key"] = AwsSecret,
            },
        };

        config.GetExtra("region").Should().Be("eu-central-1");
    }

    [Fact]
    public void ToString_NeverPrintsKeyOrSecretExtras()
    {
        var config = ValidBedrock with
        {
            ApiKey = Key,
            Extras = Extras(("region", "us-east-1"), ("access_key_id", "AKIAIOSFODNN7EXAMPLE"), ("secret_access_key", AwsSecret), ("session_token", AwsSessionToken)),
        };

        var text = config.ToString();

        text.Should().NotContain(Key).And.NotContain(AwsSecret).And.NotContain(AwsSessionToken);
        text.Should().Contain("bedrock").And.Contain("HasApiKey = True");
    }

    [Fact]
    public void ToString_InterpolatedOrFormatted_NeverPrintsKey()
    {
        $"{ValidOpenAI}".Should().NotContain(Key);
        string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0}", ValidOpenAI).Should().NotContain(Key);
        new[] { ValidOpenAI }.Select(c => c.ToString()).Single().Should().Contain("gpt-4o-mini").And.NotContain(Key);
    }

    [Fact]
    public void ToString_WithoutKey_SaysSo() =>
        new ModelConfig { Provider = "openai-compatible", ApiHost = "http://localhost:11434/v1", Model = "llama3" }.ToString()
            .Should().Contain("HasApiKey = False");

    [Fact]
    public void Secrets_YieldsKeyAndSecretExtrasOnly()
    {
        var config = ValidBedrock with
        {
            ApiKey = Key,
            Extras = Extras(("region", "us-east-1"), ("access_key_id", "AKIAIOSFODNN7EXAMPLE"), ("secret_access_key", AwsSecret), ("session_token", AwsSessionToken)),
        };

        config.Secrets().Should().BeEquivalentTo([Key, AwsSecret, AwsSessionToken]);
    }

    [Fact]
    public void Secrets_NoKeyNoSecretExtras_IsEmpty() =>
        new ModelConfig { Provider = "openai-compatible", ApiHost = "http://localhost:11434/v1", Model = "llama3" }.Secrets().Should().BeEmpty();

    [Fact]
    public void Secrets_KeyOnly_IsTheKey() =>
        ValidOpenAI.Secrets().Should().Equal(Key);

    [Fact]
    public void Secrets_CallerDictionaryIsCaseSensitive_StillIncludesSecretExtras()
    {
        // Validate accepts "Session_Token" as the known secret field session_token, so it is sent to AWS: it must be
        // scrubbed from error text like any secret.
        var config = ValidBedrock with
        {
            ApiKey = Key,
            Extras = new Dictionary<string, string> { ["region"] = "us-east-1", ["Session_Token"] = AwsSessionToken },
        };
        config.Validate();

        config.Secrets().Should().Contain(AwsSessionToken);
    }

    [Fact]
    public void Descriptor_IsTheCatalogRow() =>
        (ValidOpenAI with { Provider = "Gemini" }).Descriptor.Should().BeSameAs(ProviderCatalog.Get("gemini"));

    private static Dictionary<string, string> Extras(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.OrdinalIgnoreCase);
}
