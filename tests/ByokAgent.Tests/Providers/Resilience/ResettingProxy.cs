using System.Net;
using System.Net.Sockets;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>
/// A loopback TCP proxy in front of FakeProvider that resets the first connections after reading their request, before any
/// answer byte: the "connection reset" that FakeProvider's faults (which drop after the headers) cannot express.
/// </summary>
internal sealed class ResettingProxy : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stopping = new();
    private int _resetsLeft;
    private int _resets;

    private ResettingProxy(Uri upstream, int resets)
    {
        _upstream = upstream;
        _resetsLeft = resets;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptForeverAsync();
    }

    public int Port { get; }

    /// <summary>How many connections were reset so far.</summary>
    public int Resets => Volatile.Read(ref _resets);

    /// <summary>Starts a proxy to <paramref name="upstream"/> (its host and port) that resets the first <paramref name="resets"/> connections.</summary>
    public static ResettingProxy Start(Uri upstream, int resets) => new(upstream, resets);

    /// <summary><paramref name="uri"/> with the proxy's port instead of the upstream's.</summary>
    public Uri Through(Uri uri) => new UriBuilder(uri) { Port = Port }.Uri;

    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        _stopping.Dispose();
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stopping.Token);
                _ = Interlocked.Decrement(ref _resetsLeft) >= 0 ? ResetAsync(client) : ForwardAsync(client);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ResetAsync(TcpClient client)
    {
        using (client)
        {
            // Wait for the request, so the client sees a reset while waiting for the answer, not while connecting.
            var buffer = new byte[4096];
            _ = await client.GetStream().ReadAsync(buffer, _stopping.Token);
            client.Client.LingerState = new LingerOption(true, 0);
            Interlocked.Increment(ref _resets);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stopping.Token);
                var down = client.GetStream();
                var up = upstream.GetStream();
                await Task.WhenAny(down.CopyToAsync(up, _stopping.Token), up.CopyToAsync(down, _stopping.Token));
            }
            catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // Either side went away.
            }
        }
    }
}
