using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ByokAgent.Bedrock.Tests.TestSupport;

/// <summary>
/// A one-shot HTTP server on a loopback socket that answers 200 with a chunked event stream, sends these bytes, and
/// then goes silent with the connection open: the stall that FakeProvider's faults (drop, latency) cannot express.
/// </summary>
internal sealed class StallingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public StallingServer(byte[] firstBytes)
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _serving = ServeAsync(firstBytes, _stop.Token);
    }

    public Uri Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ServeAsync(byte[] firstBytes, CancellationToken stop)
    {
        using var socket = await _listener.AcceptSocketAsync(stop);
        var request = new List<byte>();
        var buffer = new byte[4096];
        while (!Encoding.ASCII.GetString([.. request]).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, stop);
            request.AddRange(buffer.AsSpan(0, read));
        }

        var head = "HTTP/1.1 200 OK\r\ncontent-type: application/vnd.amazon.eventstream\r\ntransfer-encoding: chunked\r\n\r\n";
        var chunk = Encoding.ASCII.GetBytes($"{firstBytes.Length:x}\r\n").Concat(firstBytes).Concat("\r\n"u8.ToArray());
        await socket.SendAsync(Encoding.ASCII.GetBytes(head).Concat(chunk).ToArray(), stop);

        // Silent, connection open, until the test ends.
        await Task.Delay(System.Threading.Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
