using ByokAgent.Projects;
using ByokAgent.Providers;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>The behaviour every <see cref="IModelConfigStore"/> must have; a backend's tests derive this class.</summary>
public abstract partial class ModelConfigStoreContract : StoreContract
{
    /// <summary>A recognisable AWS secret, to find in raw storage if it ever leaks.</summary>
    protected const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYCONTRACTKEY";

    /// <summary>A recognisable AWS session token.</summary>
    protected const string AwsSessionToken = "IQoJb3JpZ2luX2VjEContractSessionToken0123456789";

    protected static ModelConfig BedrockConfig(string? apiKey = "bedrock-api-key-contract-0123456789") => new()
    {
        Provider = "bedrock",
        Model = "anthropic.claude-3-5-haiku-20241022-v1:0",
        ApiKey = apiKey,
        Extras = new Dictionary<string, string>
        {
            ["region"] = "eu-west-1",
            ["access_key_id"] = "AKIACONTRACTEXAMPLE",
            ["Secret_Access_Key"] = AwsSecret,
            ["session_token"] = AwsSessionToken,
        },
    };

    [Fact]
    public async Task Add_FirstConfig_BecomesTheDefault_AndLaterOnesDoNot()
    {
        var project = await NewProjectAsync("alpha");

        var first = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(), makeDefault: false);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "gpt-4o"), makeDefault: false);

        first.Id.Should().StartWith("mc_");
        first.Should().BeEquivalentTo(new
        {
            ProjectId = project.Id,
            Provider = "openai",
            Model = "gpt-4o-mini",
            ApiHost = (string?)null,
            IsDefault = true,
            HasProviderKey = true,
        });
        first.Extras.Should().BeEmpty();
        second.IsDefault.Should().BeFalse();
        (await ModelConfigs.ListAsync(project.Id)).Should().BeEquivalentTo(new[] { first, second }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Add_MakeDefault_MovesTheDefault()
    {
        var project = await NewProjectAsync("alpha");
        var first = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(), makeDefault: true);

        var second = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "gpt-4o"), makeDefault: true);

        second.IsDefault.Should().BeTrue();
        var listed = await ModelConfigs.ListAsync(project.Id);
        listed.Where(c => c.IsDefault).Select(c => c.Id).Should().Equal(second.Id);
        listed.Single(c => c.Id == first.Id).IsDefault.Should().BeFalse();
        (await ModelConfigs.GetDefaultAsync(project.Id))!.Model.Should().Be("gpt-4o");
    }

    [Fact]
    public async Task Add_UnknownProject_ThrowsProjectNotFound()
    {
        var act = () => ModelConfigs.AddAsync("prj_missing", OpenAIConfig(), makeDefault: true);

        await act.Should().ThrowAsync<ProjectNotFoundException>();
    }

    [Fact]
    public async Task Get_DecryptsTheKeyAndSecretExtras_AndEntriesLeaveThemOut()
    {
        var project = await NewProjectAsync("alpha");
        var config = BedrockConfig();

        var entry = await ModelConfigs.AddAsync(project.Id, config, makeDefault: true);
        var loaded = await ModelConfigs.GetAsync(project.Id, entry.Id);

        loaded!.ApiKey.Should().Be(config.ApiKey);
        loaded.Provider.Should().Be("bedrock");
        loaded.Model.Should().Be(config.Model);
        loaded.Extras.Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["region"] = "eu-west-1",
            ["access_key_id"] = "AKIACONTRACTEXAMPLE",
            ["secret_access_key"] = AwsSecret,
            ["session_token"] = AwsSessionToken,
        });
        loaded.GetExtra("SECRET_ACCESS_KEY").Should().Be(AwsSecret);
        (await ModelConfigs.GetDefaultAsync(project.Id)).Should().BeEquivalentTo(loaded);

        entry.Extras.Should().BeEquivalentTo(new Dictionary<string, string> { ["region"] = "eu-west-1", ["access_key_id"] = "AKIACONTRACTEXAMPLE" });
        (await ModelConfigs.ListAsync(project.Id)).Single().Extras.Keys.Should().BeEquivalentTo("region", "access_key_id");
        entry.HasProviderKey.Should().BeTrue();
    }

    [Fact]
    public async Task Get_RoundTripsHostHeadersAndProxy()
    {
        var project = await NewProjectAsync("alpha");
        var config = new ModelConfig
        {
            Provider = "openrouter",
            Model = "openai/gpt-4o-mini",
            ApiKey = "sk-or-contract-0123456789",
            ApiHost = "https://openrouter.example/api/v1",
            Headers = new Dictionary<string, string> { ["HTTP-Referer"] = "https://byok.example", ["X-Title"] = "ByokAgent" },
            Proxy = "http://proxy.local:3128",
        };

        var entry = await ModelConfigs.AddAsync(project.Id, config, makeDefault: false);
        var loaded = await ModelConfigs.GetAsync(project.Id, entry.Id);

        entry.ApiHost.Should().Be("https://openrouter.example/api/v1");
        loaded!.ApiHost.Should().Be(config.ApiHost);
        loaded.Headers.Should().BeEquivalentTo(config.Headers);
        loaded.Headers["x-title"].Should().Be("ByokAgent");
        loaded.Proxy.Should().Be(config.Proxy);
    }

    [Fact]
    public async Task HasProviderKey_IsFalse_ForAConfigWithoutCredentials()
    {
        var project = await NewProjectAsync("alpha");
        var local = new ModelConfig { Provider = "openai-compatible", Model = "llama3.1", ApiHost = "http://localhost:11434/v1" };

        var entry = await ModelConfigs.AddAsync(project.Id, local, makeDefault: false);

        entry.HasProviderKey.Should().BeFalse();
        (await ModelConfigs.ListAsync(project.Id)).Single().HasProviderKey.Should().BeFalse();
        (await ModelConfigs.GetAsync(project.Id, entry.Id))!.ApiKey.Should().BeNull();
    }

    [Fact]
    public async Task HasProviderKey_IsTrue_ForAwsCredentialsWithoutAnApiKey()
    {
        var project = await NewProjectAsync("alpha");

        var entry = await ModelConfigs.AddAsync(project.Id, BedrockConfig(apiKey: null), makeDefault: false);

        entry.HasProviderKey.Should().BeTrue();
        (await ModelConfigs.GetAsync(project.Id, entry.Id))!.GetExtra("secret_access_key").Should().Be(AwsSecret);
    }

    [Fact]
    public async Task GetDefault_WithoutConfigs_IsNull()
    {
        var project = await NewProjectAsync("alpha");

        (await ModelConfigs.GetDefaultAsync(project.Id)).Should().BeNull();
        (await ModelConfigs.ListAsync(project.Id)).Should().BeEmpty();
    }
}
