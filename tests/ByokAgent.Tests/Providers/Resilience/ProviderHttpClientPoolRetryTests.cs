using ByokAgent.Providers;
using ByokAgent.Providers.Http;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>The pool's clients with a retry loop: one per proxy and policy, all over the proxy's one connection handler.</summary>
public sealed class ProviderHttpClientPoolRetryTests : IDisposable
{
    private readonly ProviderHttpClientPool _pool = new(Options.Create(new ProviderOptions()));

    public void Dispose() => _pool.Dispose();

    [Fact]
    public void Get_SameConfigAndSettings_ReturnsSameClient() =>
        _pool.Get(Config("openai"), new ProviderOptions()).Should().BeSameAs(_pool.Get(Config("openai"), new ProviderOptions()));

    [Fact]
    public void Get_OtherRetrySettingsOrProvider_ReturnsAnotherClient()
    {
        var client = _pool.Get(Config("openai"), new ProviderOptions());

        _pool.Get(Config("openai"), new ProviderOptions { MaxRetries = 0 }).Should().NotBeSameAs(client);
        _pool.Get(Config("openai"), new ProviderOptions { TotalRequestTimeout = TimeSpan.FromMinutes(1) }).Should().NotBeSameAs(client);
        _pool.Get(Config("deepseek"), new ProviderOptions()).Should().NotBeSameAs(client);
    }

    [Fact]
    public void Get_ConfigProxyWinsOverTheSettingsProxy()
    {
        var settings = new ProviderOptions { Proxy = "http://proxy-a.local:3128" };

        _pool.Get(Config("openai") with { Proxy = "http://proxy-b.local:3128" }, settings)
            .Should().NotBeSameAs(_pool.Get(Config("openai"), settings));
    }

    [Fact]
    public void Get_ClientHasNoOverallTimeoutThatWouldCutStreams() =>
        _pool.Get(Config("openai"), new ProviderOptions()).Timeout.Should().Be(Timeout.InfiniteTimeSpan);

    [Fact]
    public async Task Dispose_DisposesTheClientsWithARetryLoop()
    {
        var pool = new ProviderHttpClientPool(Options.Create(new ProviderOptions()));
        var client = pool.Get(Config("openai"), new ProviderOptions());

        pool.Dispose();

        var act = () => client.GetAsync(new Uri("http://127.0.0.1:9/"));
        await act.Should().ThrowAsync<ObjectDisposedException>();
    }

    private static ModelConfig Config(string provider) => new()
    {
        Provider = provider,
        ApiKey = "sk-test-pool-0000",
        ApiHost = "http://127.0.0.1:9/v1",
        Model = "gpt-test",
    };
}
