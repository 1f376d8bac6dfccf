using ByokAgent.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Providers;

public sealed class DefaultModelOptionsTests
{
    private const string Key = "sk-or-v1-0f1e2d3c4b5a69788796";

    [Fact]
    public void Bind_FromConfiguration_BecomesValidModelConfig()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ByokAgent:DefaultModel:Provider"] = "openrouter",
            ["ByokAgent:DefaultModel:ApiKey"] = Key,
            ["ByokAgent:DefaultModel:Model"] = "openai/gpt-4o-mini",
            ["ByokAgent:DefaultModel:Headers:X-Title"] = "ByokAgent",
        }).Build();
        using var services = new ServiceCollection().AddByokAgent(configuration).Services.BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<DefaultModelOptions>>().Value;
        var config = options.ToModelConfig();

        options.IsConfigured.Should().BeTrue();
        config.Provider.Should().Be("openrouter");
        config.ApiKey.Should().Be(Key);
        config.Model.Should().Be("openai/gpt-4o-mini");
        config.Headers.Should().ContainKey("x-title").WhoseValue.Should().Be("ByokAgent");
        config.Invoking(c => c.Validate()).Should().NotThrow();
    }

    [Fact]
    public void ToModelConfig_ExtrasAreCaseInsensitive()
    {
        var options = new DefaultModelOptions { Provider = "azure-openai", Model = "gpt-4o" };
        options.Extras["Deployment"] = "chat";

        options.ToModelConfig().GetExtra("deployment").Should().Be("chat");
    }

    [Fact]
    public void IsConfigured_WithoutProvider_IsFalse() =>
        new DefaultModelOptions { Model = "gpt-4o" }.IsConfigured.Should().BeFalse();

    [Fact]
    public void ToString_NeverPrintsKey() =>
        new DefaultModelOptions { Provider = "openrouter", ApiKey = Key, Model = "openai/gpt-4o-mini" }.ToString()
            .Should().NotContain(Key).And.Contain("openrouter");
}
