using System.Net;
using System.Net.Sockets;
using System.Text;
using ByokAgent.Plugins.Browser.Safety;
using ByokAgent.Plugins.Browser.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ByokAgent.Plugins.Browser.Tests.Safety;

public sealed class EgressProxyTests : IAsyncLifetime
{
    private BrowserTestSite _site = null!;
    private EgressProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _site = await BrowserTestSite.StartAsync();
        var guard = new AddressGuard(new AllowedHosts(["localhost"]), Dns.GetHostAddressesAsync);
        _proxy = EgressProxy.Start(guard, TimeSpan.FromSeconds(5), "ses_proxy", NullLogger.Instance);
    }

    public async Task DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _site.DisposeAsync();
    }

    [Fact]
    public async Task AllowedHost_IsForwarded()
    {
        using var client = ClientThroughProxy();
        var html = await client.GetStringAsync(_site.Url("/"));

        html.Should().Contain("Welcome to the test site");
        _proxy.TakeRefusals().Should().BeEmpty();
    }

    [Fact]
    public async Task RequestBody_IsForwarded()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = BrowserTestSite.UserName, ["password"] = BrowserTestSite.Password });

        using var client = ClientThroughProxy();
        using var response = await client.PostAsync(_site.Url("/login"), form);

        response.StatusCode.Should().Be(HttpStatusCode.Redirect, "the right credentials log in");
        _site.Logins.Should().ContainSingle().Which.Should().Be(BrowserTestSite.UserName);
    }

    [Fact]
    public async Task PrivateAddress_GetsA403WithTheReason_AndIsNeverReached()
    {
        using var client = ClientThroughProxy();
        using var response = await client.GetAsync($"{_site.PrivateUri}private-target");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Headers.GetValues(EgressProxy.RefusalHeader).Should().Equal("127.0.0.1 is a loopback address");
        (await response.Content.ReadAsStringAsync()).Should().Contain("refused this address: 127.0.0.1 is a loopback address");
        _site.Hits("/private-target").Should().Be(0);
        _proxy.TakeRefusals().Should().Equal(new EgressRefusal("127.0.0.1", "127.0.0.1 is a loopback address"));
        _proxy.TakeRefusals().Should().BeEmpty("each refusal is reported once");
    }

    [Fact]
    public async Task Connect_ToAllowedHost_TunnelsBytesBothWays()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _proxy.Address.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes($"CONNECT localhost:{_site.Port} HTTP/1.1\r\nHost: localhost:{_site.Port}\r\n\r\n"));
        var established = await ReadHeadAsync(stream);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /maze/5 HTTP/1.1\r\nHost: localhost:{_site.Port}\r\nConnection: close\r\n\r\n"));
        var response = await new StreamReader(stream).ReadToEndAsync();

        established.Should().StartWith("HTTP/1.1 200");
        response.Should().StartWith("HTTP/1.1 200").And.Contain("treasure-42");
    }

    [Fact]
    public async Task Connect_ToMetadataAddress_IsRefused()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _proxy.Address.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync("CONNECT 169.254.169.254:443 HTTP/1.1\r\nHost: 169.254.169.254:443\r\n\r\n"u8.ToArray());
        var head = await ReadHeadAsync(stream);

        head.Should().StartWith("HTTP/1.1 403").And.Contain($"{EgressProxy.RefusalHeader}: 169.254.169.254 is a link-local address");
        _proxy.TakeRefusals().Should().ContainSingle().Which.Host.Should().Be("169.254.169.254");
    }

    [Theory]
    [InlineData("NONSENSE\r\n\r\n")]
    [InlineData("GET ftp://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n")]
    [InlineData("CONNECT :443 HTTP/1.1\r\n\r\n")]
    public async Task MalformedRequest_GetsA400(string request)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _proxy.Address.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        (await ReadHeadAsync(stream)).Should().StartWith("HTTP/1.1 400");
    }

    private HttpClient ClientThroughProxy() =>
        new(new SocketsHttpHandler { Proxy = new WebProxy(_proxy.Address), UseProxy = true, AllowAutoRedirect = false, UseCookies = false });

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
