using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ByokAgent.Plugins.Browser.Tests;

public sealed class BrowserOptionsTests
{
    [Fact]
    public void Defaults_SuitADebianServer()
    {
        var options = Resolve(new Dictionary<string, string?>());

        options.Should().BeEquivalentTo(new
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            AllowHosts = Array.Empty<string>(),
            NavigationTimeout = TimeSpan.FromSeconds(30),
            ActionTimeout = TimeSpan.FromSeconds(10),
            MaxWait = TimeSpan.FromSeconds(30),
            IdleTimeout = TimeSpan.FromMinutes(10),
            MaxContexts = 8,
            MaxPagesPerContext = 5,
            SnapshotMaxChars = 8000,
            TextMaxChars = 8000,
        });
    }

    [Fact]
    public void Settings_BindFromTheBrowserSection_AndTheEnvironmentVariableAddsHosts()
    {
        var options = Resolve(new Dictionary<string, string?>
        {
            ["ByokAgent:Browser:ExecutablePath"] = "/opt/chromium/chrome",
            ["ByokAgent:Browser:AllowHosts:0"] = "wiki.corp",
            ["ByokAgent:Browser:NavigationTimeout"] = "00:00:12",
            ["ByokAgent:Browser:MaxContexts"] = "2",
            [BrowserOptions.AllowHostsEnvironmentVariable] = "127.0.0.1, localhost",
        });

        options.ExecutablePath.Should().Be("/opt/chromium/chrome");
        options.AllowHosts.Should().Equal("wiki.corp", "127.0.0.1", "localhost");
        options.NavigationTimeout.Should().Be(TimeSpan.FromSeconds(12));
        options.MaxContexts.Should().Be(2);
    }

    [Fact]
    public void WithoutAnyConfiguration_TheDefaultsApply()
    {
        var services = new ServiceCollection();
        services.AddByokAgent(new ConfigurationBuilder().Build()).AddBrowserPlugin(o => o.MaxContexts = 3);
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<BrowserOptions>>().Value.Should().BeEquivalentTo(new { ExecutablePath = "/usr/bin/chromium", MaxContexts = 3 });
    }

    [Theory]
    [InlineData("ByokAgent:Browser:NavigationTimeout", "00:00:00", "NavigationTimeout")]
    [InlineData("ByokAgent:Browser:ActionTimeout", "01:00:00", "ActionTimeout")]
    [InlineData("ByokAgent:Browser:MaxContexts", "0", "MaxContexts")]
    [InlineData("ByokAgent:Browser:MaxPagesPerContext", "0", "MaxPagesPerContext")]
    [InlineData("ByokAgent:Browser:SnapshotMaxChars", "10", "SnapshotMaxChars")]
    [InlineData("ByokAgent:Browser:ExecutablePath", "", "ExecutablePath")]
    public void InvalidSetting_IsRejectedNamingIt(string key, string value, string property) =>
        FluentActions.Invoking(() => Resolve(new Dictionary<string, string?> { [key] = value }))
            .Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(property);

    [Theory]
    [InlineData("ByokAgent:Browser:AllowHosts:0", "http://wiki.corp")]
    [InlineData("ByokAgent:Browser:AllowHosts:0", "wiki.corp:8080")]
    [InlineData(BrowserOptions.AllowHostsEnvironmentVariable, "localhost,wiki corp")]
    public void AllowHostThatIsNotAHost_IsRejectedWithAnExample(string key, string value)
    {
        var host = value.Split(',')[^1];

        FluentActions.Invoking(() => Resolve(new Dictionary<string, string?> { [key] = value }))
            .Should().Throw<OptionsValidationException>().Which.Message.Should().Contain(
                $"ByokAgent:Browser:AllowHosts (or BYOK_BROWSER_ALLOW_HOSTS) has '{host}', which is not a host name or IP address (write 'intranet.local' or '10.0.0.7', without scheme, port or path).");
    }

    private static BrowserOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddByokAgent(configuration).AddBrowserPlugin();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BrowserOptions>>().Value;
    }
}
