using System.Net;
using System.Net.Sockets;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>A loopback socket that accepts connections and never answers: a provider that hangs after the handshake.</summary>
internal sealed class HangingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HangingServer()
    {
        _listener.Start();
        Root = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _ = AcceptForeverAsync();
    }

    public Uri Root { get; }

    /// <summary>Completes when the first connection has been accepted (and is being held).</summary>
    public Task Accepted => _accepted.Task;

    public static HangingServer Start() => new();

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
                lock (_gate)
                {
                    _held.Add(client);
                }

                _accepted.TrySetResult();
            }
        }
        catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
        {
            // Stopped by Dispose.
        }
    }
}
