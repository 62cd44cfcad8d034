using System.Net.Sockets;
using System.Text;

namespace ZtFleet.Api.Export;

/// <summary>
/// Syslog over UDP (RFC 5426): one message per datagram, truncated to the destination's
/// <see cref="ExportDestination.MaxDatagramBytes"/> at a character boundary (a truncated JSON or OCSF message is no
/// longer valid JSON: use TCP or TLS for long records). UDP confirms nothing: a datagram sent while the receiver is
/// down is lost, unless the host answers "port unreachable", which fails the next send and makes the sender retry.
/// </summary>
internal sealed class SyslogUdpTransport(ExportDestination destination) : IExportTransport
{
    private UdpClient? _client;

    public async Task SendAsync(IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(destination.Timeout);
        var datagram = new byte[destination.MaxDatagramBytes];
        try
        {
            if (_client is null)
            {
                _client = new UdpClient();
                _client.Connect(destination.Host!, destination.Port);
            }

            foreach (var message in messages)
            {
                var length = Truncate(message, datagram);
                await _client.SendAsync(datagram.AsMemory(0, length), timeout.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _client?.Dispose();
            _client = null;
            throw new ExportTransportException($"{destination.Host}:{destination.Port} (udp): {ex.Message}", ex);
        }
    }

    public bool IsIntact() => true;

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Writes as much of <paramref name="message"/> as fits, whole characters only; returns the byte count.</summary>
    internal static int Truncate(string message, byte[] datagram)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        encoder.Convert(message, datagram, flush: true, out _, out var bytes, out _);
        return bytes;
    }
}
