using ByokAgent.Providers;
using ByokAgent.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ByokAgent.Tests.Providers.Anthropic;

/// <summary>A FakeProvider plus the real runtime services (no SDK retries), and Anthropic configs pointing at the fake.</summary>
internal sealed class AnthropicTestHost : IAsyncDisposable
{
    /// <summary>Shaped like a real key, so a scrubbing test proves something.</summary>
    public const string Key = "sk-ant-api03-T3stK3y_9f8e7d6c5b4a-Zx0Yw1Vu2Ts3Rq4Po5Nm6AA";

    public const string Model = "claude-test-4-5";

    private AnthropicTestHost(FakeProvider fake, ServiceProvider services)
    {
        Fake = fake;
        Services = services;
    }

    public FakeProvider Fake { get; }

    public ServiceProvider Services { get; }

    public IChatClientFactory Factory => Services.GetRequiredService<IChatClientFactory>();

    public static async Task<AnthropicTestHost> StartAsync(CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        var fake = await FakeProvider.StartAsync(cancellationToken);
        return new AnthropicTestHost(fake, BuildServices(settings));
    }

    /// <summary>The runtime's services with these <c>ByokAgent:*</c> settings over <c>MaxRetries = 0</c>.</summary>
    public static ServiceProvider BuildServices(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["ByokAgent:Providers:MaxRetries"] = "0" };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddByokAgent(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return services.BuildServiceProvider();
    }

    /// <summary>An Anthropic config whose host is the fake plus <paramref name="hostPath"/> (the real default host has no path).</summary>
    public ModelConfig Config(string hostPath = "") => new()
    {
        Provider = "anthropic",
        ApiKey = Key,
        ApiHost = new Uri(Fake.BaseUri, hostPath).ToString(),
        Model = Model,
    };

    public IChatClient Client(string hostPath = "") => Factory.Create(Config(hostPath));

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
