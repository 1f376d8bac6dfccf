using System.Text;
using ByokAgent.Providers;
using FluentAssertions;
using Xunit;

namespace ByokAgent.Testing.Contracts;

/// <summary>Updates, removal, the default rules, the wall between projects, and secrets at rest.</summary>
public abstract partial class ModelConfigStoreContract
{
    [Fact]
    public async Task Update_WithoutAKey_KeepsTheStoredKey()
    {
        var project = await NewProjectAsync("alpha");
        var entry = await ModelConfigs.AddAsync(project.Id, OpenAIConfig("sk-original-0123456789"), makeDefault: true);
        var updatedAt = Clock.Advance(TimeSpan.FromMinutes(5));

        var updated = await ModelConfigs.UpdateAsync(project.Id, entry.Id, new ModelConfig { Provider = "openai", Model = "gpt-4o" });

        updated.Should().BeEquivalentTo(entry with { Model = "gpt-4o", UpdatedAt = updatedAt });
        var loaded = await ModelConfigs.GetAsync(project.Id, entry.Id);
        loaded!.ApiKey.Should().Be("sk-original-0123456789");
        loaded.Model.Should().Be("gpt-4o");
    }

    [Theory]
    [InlineData("openai-compatible", "https://elsewhere.example/v1", null)]
    [InlineData("openai", "https://proxy.example/v1", null)]
    [InlineData("bedrock", "https://bedrock-runtime.proxy.example", "eu-west-1")]
    public async Task Update_WithoutAKey_ToANewDestination_IsRefusedAndKeepsTheStoredConfig(string provider, string? host, string? region)
    {
        var project = await NewProjectAsync("alpha");
        var original = provider == "bedrock" ? BedrockConfig() : OpenAIConfig("sk-original-0123456789");
        var entry = await ModelConfigs.AddAsync(project.Id, original, makeDefault: true);
        var moved = new ModelConfig
        {
            Provider = provider,
            Model = "m",
            ApiHost = host,
            Extras = region is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["region"] = region },
        };

        var update = () => ModelConfigs.UpdateAsync(project.Id, entry.Id, moved);

        (await update.Should().ThrowAsync<ModelConfigException>()).Which.Field.Should().Be("api_key");
        var stored = await ModelConfigs.GetAsync(project.Id, entry.Id);
        (stored!.Provider, stored.ApiHost, stored.Model, stored.ApiKey).Should().Be((original.Provider, original.ApiHost, original.Model, original.ApiKey));
        stored.Secrets().Should().BeEquivalentTo(original.Secrets());
    }

    [Fact]
    public async Task Update_WithAKey_ReplacesIt_AndAnEmptyKeyRemovesIt()
    {
        var project = await NewProjectAsync("alpha");
        var local = new ModelConfig { Provider = "openai-compatible", Model = "llama3.1", ApiHost = "http://localhost:11434/v1", ApiKey = "first-key-0123456789" };
        var entry = await ModelConfigs.AddAsync(project.Id, local, makeDefault: true);

        await ModelConfigs.UpdateAsync(project.Id, entry.Id, local with { ApiKey = "second-key-0123456789" });
        (await ModelConfigs.GetAsync(project.Id, entry.Id))!.ApiKey.Should().Be("second-key-0123456789");

        var cleared = await ModelConfigs.UpdateAsync(project.Id, entry.Id, local with { ApiKey = "" });
        cleared!.HasProviderKey.Should().BeFalse();
        (await ModelConfigs.GetAsync(project.Id, entry.Id))!.ApiKey.Should().BeNull();
    }

    [Fact]
    public async Task Update_SecretExtrasLeftOut_AreKept_AndAnEmptyValueRemovesOne()
    {
        var project = await NewProjectAsync("alpha");
        var entry = await ModelConfigs.AddAsync(project.Id, BedrockConfig(), makeDefault: true);
        var edited = BedrockConfig() with
        {
            ApiKey = null,
            Extras = new Dictionary<string, string> { ["region"] = "us-east-1", ["access_key_id"] = "AKIACONTRACTEXAMPLE", ["session_token"] = "" },
        };

        var updated = await ModelConfigs.UpdateAsync(project.Id, entry.Id, edited);

        updated!.Extras.Should().BeEquivalentTo(new Dictionary<string, string> { ["region"] = "us-east-1", ["access_key_id"] = "AKIACONTRACTEXAMPLE" });
        var loaded = await ModelConfigs.GetAsync(project.Id, entry.Id);
        loaded!.GetExtra("region").Should().Be("us-east-1");
        loaded.GetExtra("secret_access_key").Should().Be(AwsSecret);
        loaded.Extras.Should().NotContainKey("session_token");
        loaded.ApiKey.Should().Be(BedrockConfig().ApiKey);
    }

    [Fact]
    public async Task Update_UnknownConfig_ReturnsNull()
    {
        var project = await NewProjectAsync("alpha");

        (await ModelConfigs.UpdateAsync(project.Id, "mc_missing", OpenAIConfig())).Should().BeNull();
    }

    [Fact]
    public async Task Remove_TheDefault_PromotesTheOldestRemaining()
    {
        var project = await NewProjectAsync("alpha");
        var oldest = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m1"), makeDefault: false);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var middle = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m2"), makeDefault: false);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var newest = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m3"), makeDefault: true);

        (await ModelConfigs.RemoveAsync(project.Id, newest.Id)).Should().BeTrue();
        (await ModelConfigs.ListAsync(project.Id)).Select(c => (c.Id, c.IsDefault)).Should().Equal((oldest.Id, true), (middle.Id, false));

        (await ModelConfigs.RemoveAsync(project.Id, oldest.Id)).Should().BeTrue();
        (await ModelConfigs.ListAsync(project.Id)).Select(c => (c.Id, c.IsDefault)).Should().Equal((middle.Id, true));

        (await ModelConfigs.RemoveAsync(project.Id, middle.Id)).Should().BeTrue();
        (await ModelConfigs.GetDefaultAsync(project.Id)).Should().BeNull();
        (await ModelConfigs.RemoveAsync(project.Id, middle.Id)).Should().BeFalse();
    }

    [Fact]
    public async Task Remove_NotTheDefault_KeepsTheDefault()
    {
        var project = await NewProjectAsync("alpha");
        var kept = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m1"), makeDefault: true);
        var removed = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m2"), makeDefault: false);

        (await ModelConfigs.RemoveAsync(project.Id, removed.Id)).Should().BeTrue();

        (await ModelConfigs.ListAsync(project.Id)).Select(c => (c.Id, c.IsDefault)).Should().Equal((kept.Id, true));
    }

    [Fact]
    public async Task SetDefault_SwitchesTheOnlyDefault()
    {
        var project = await NewProjectAsync("alpha");
        var first = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m1"), makeDefault: false);
        var second = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: "m2"), makeDefault: false);

        (await ModelConfigs.SetDefaultAsync(project.Id, second.Id)).Should().BeTrue();
        (await ModelConfigs.SetDefaultAsync(project.Id, second.Id)).Should().BeTrue();

        (await ModelConfigs.ListAsync(project.Id)).Select(c => (c.Id, c.IsDefault)).Should().Equal((first.Id, false), (second.Id, true));
        (await ModelConfigs.GetDefaultAsync(project.Id))!.Model.Should().Be("m2");
        (await ModelConfigs.SetDefaultAsync(project.Id, "mc_missing")).Should().BeFalse();
    }

    [Fact]
    public async Task SetDefault_Concurrently_LeavesExactlyOneDefault()
    {
        var project = await NewProjectAsync("alpha");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await ModelConfigs.AddAsync(project.Id, OpenAIConfig(model: $"m{i}"), makeDefault: false)).Id);
        }

        await Task.WhenAll(ids.Select(id => Task.Run(() => ModelConfigs.SetDefaultAsync(project.Id, id))));

        (await ModelConfigs.ListAsync(project.Id)).Count(c => c.IsDefault).Should().Be(1);
    }

    [Fact]
    public async Task AnotherProjectsConfig_IsNotFound_Everywhere()
    {
        var owner = await NewProjectAsync("owner");
        var intruder = await NewProjectAsync("intruder");
        var entry = await ModelConfigs.AddAsync(owner.Id, OpenAIConfig("sk-owner-0123456789"), makeDefault: true);

        (await ModelConfigs.GetAsync(intruder.Id, entry.Id)).Should().BeNull();
        (await ModelConfigs.UpdateAsync(intruder.Id, entry.Id, OpenAIConfig("sk-intruder-0123456789"))).Should().BeNull();
        (await ModelConfigs.SetDefaultAsync(intruder.Id, entry.Id)).Should().BeFalse();
        (await ModelConfigs.RemoveAsync(intruder.Id, entry.Id)).Should().BeFalse();
        (await ModelConfigs.ListAsync(intruder.Id)).Should().BeEmpty();
        (await ModelConfigs.GetDefaultAsync(intruder.Id)).Should().BeNull();

        (await ModelConfigs.GetAsync(owner.Id, entry.Id))!.ApiKey.Should().Be("sk-owner-0123456789");
        (await ModelConfigs.ListAsync(owner.Id)).Single().Should().BeEquivalentTo(entry);
    }

    [Fact]
    public async Task Secrets_AreNotStoredInClear()
    {
        const string ApiKey = "sk-proj-CONTRACT-never-in-clear-0123456789";
        var project = await NewProjectAsync("alpha");
        var openai = await ModelConfigs.AddAsync(project.Id, OpenAIConfig(ApiKey), makeDefault: true);
        await ModelConfigs.AddAsync(project.Id, BedrockConfig(), makeDefault: false);
        await ModelConfigs.UpdateAsync(project.Id, openai.Id, OpenAIConfig(ApiKey + "-v2"));

        var raw = await Stores.ReadRawStorageAsync(CancellationToken.None);

        foreach (var secret in new[] { ApiKey, ApiKey + "-v2", AwsSecret, AwsSessionToken, BedrockConfig().ApiKey! })
        {
            raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)).Should().Be(-1, $"'{secret[..8]}...' must not be stored in clear");
            raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)))).Should().Be(-1);
        }

        raw.AsSpan().IndexOf("AKIACONTRACTEXAMPLE"u8).Should().BeGreaterThan(-1, "the raw dump must hold the stored rows, or this test proves nothing");
    }
}
