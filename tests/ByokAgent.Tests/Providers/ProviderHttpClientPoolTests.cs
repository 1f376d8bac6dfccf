using ByokAgent.Providers;
using ByokAgent.Providers.Http;
using Microsoft.Extensions.Options;

namespace ByokAgent.Tests.Providers;

public sealed class ProviderHttpClientPoolTests : IDisposable
{
    private readonly ProviderHttpClientPool _pool = new(Options.Create(new ProviderOptions()));

    public void Dispose() => _pool.Dispose();

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, "")]
    [InlineData("", "   ")]
    [InlineData("http://proxy.local:3128", "http://proxy.local:3128")]
    [InlineData("http://proxy.local:3128", " http://proxy.local:3128 ")]
    [InlineData("http://proxy.local:3128", "HTTP://PROXY.LOCAL:3128")]
    public void Get_SameProxy_ReturnsSameClient(string? first, string? second) =>
        _pool.Get(first).Should().BeSameAs(_pool.Get(second));

    [Theory]
    [InlineData(null, "http://proxy.local:3128")]
    [InlineData("http://proxy.local:3128", "http://proxy.local:8080")]
    [InlineData("http://proxy-a.local:3128", "http://proxy-b.local:3128")]
    public void Get_DifferentProxies_ReturnDifferentClients(string? first, string? second) =>
        _pool.Get(first).Should().NotBeSameAs(_pool.Get(second));

    [Fact]
    public void Get_ManyConcurrentCallers_ShareOneClient()
    {
        var clients = new HttpClient[64];

        Parallel.For(0, clients.Length, i => clients[i] = _pool.Get("http://proxy.local:3128"));

        clients.Distinct().Should().ContainSingle();
    }

    [Fact]
    public void Get_Client_HasNoOverallTimeoutThatWouldCutStreams() =>
        _pool.Get(null).Timeout.Should().Be(System.Threading.Timeout.InfiniteTimeSpan);

    [Fact]
    public async Task Dispose_DisposesPooledClients()
    {
        var pool = new ProviderHttpClientPool(Options.Create(new ProviderOptions()));
        var client = pool.Get(null);

        pool.Dispose();

        var act = () => client.GetAsync(new Uri("http://127.0.0.1:9/"));
        await act.Should().ThrowAsync<ObjectDisposedException>();
    }
}
