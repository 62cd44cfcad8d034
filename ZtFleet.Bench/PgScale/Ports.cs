using System.Net;
using System.Net.Sockets;

namespace ZtFleet.Bench.PgScale;

/// <summary>Free loopback ports, so a run never collides with an AppHost (55432, 5080, 11111, 30000) on the same machine.</summary>
internal static class Ports
{
    private static readonly HashSet<int> Given = [];

    public static int Free()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            lock (Given)
            {
                // The kernel may hand the same ephemeral port out again before the process that gets it binds it.
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>True once something accepts TCP connections on 127.0.0.1:<paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(TimeSpan.FromSeconds(1));
            await client.ConnectAsync(IPAddress.Loopback, port, attempt.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
