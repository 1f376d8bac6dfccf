using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ByokAgent.Tests.Providers.Resilience;

/// <summary>
/// A loopback HTTP server that answers every request with the given head and first body bytes, then goes silent with the
/// connection open: a provider whose answer stalls after it started (FakeProvider's latency only delays the headers).
/// </summary>
internal sealed class StallingHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly byte[] _firstBytes;
    private readonly List<TcpClient> _held = [];
    private readonly Lock _gate = new();
    private int _connections;

    private StallingHttpServer(string head, string firstBody)
    {
        _firstBytes = Encoding.UTF8.GetBytes(head + "\r\n" + firstBody);
        _listener.Start();
        Root = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptForeverAsync();
    }

    public Uri Root { get; }

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>A server that sends <paramref name="head"/> (status line and headers, each ending in CRLF), a blank line and <paramref name="firstBody"/>.</summary>
    public static StallingHttpServer Start(string head, string firstBody) => new(head, firstBody);

    public void Dispose()
    {
        _listener.Stop();
        lock (_gate)
        {
            _held.ForEach(client => client.Dispose());
            _held.Clear();
        }
    }

    private async Task AcceptForeverAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref _connections);
                lock (_gate)
                {
                    _held.Add(client);
                }

                _ = AnswerThenStallAsync(client);
            }
        }
        catch (Exception exception) when (exception is ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task AnswerThenStallAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            _ = await stream.ReadAsync(new byte[64 * 1024]);
            await stream.WriteAsync(_firstBytes);
            await stream.FlushAsync();
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or SocketException)
        {
            // The client left.
        }
    }
}
