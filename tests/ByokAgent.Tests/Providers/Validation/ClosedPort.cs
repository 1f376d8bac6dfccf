using System.Net;
using System.Net.Sockets;

namespace ByokAgent.Tests.Providers.Validation;

/// <summary>A loopback port nothing listens on: bound by the OS, then released, so a connection is refused at once.</summary>
internal static class ClosedPort
{
    public static Uri Root()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new Uri($"http://127.0.0.1:{port}/");
    }
}
