using System.Buffers;
using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;

namespace ZtFleet.Api.Export;

/// <summary>
/// Syslog over TCP (RFC 6587 octet counting: <c>LENGTH SP MESSAGE</c>) or over TLS (RFC 5425, the same framing inside
/// TLS). One connection, opened on the first send and again after a failure; a batch is one write.
/// </summary>
/// <remarks>
/// TCP says only that bytes were written to this side's buffer, not that the receiver read them: a receiver that
/// closes or dies loses what it had not read. <see cref="IsIntact"/> tells the sender when the receiver closed or
/// reset the connection, and the sender sends again everything written within the destination's settle time before
/// (docs/export.md: at least once, duplicates possible).
/// </remarks>
internal sealed class SyslogStreamTransport(ExportDestination destination) : IExportTransport
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private TcpClient? _client;
    private Stream? _stream;

    public async Task SendAsync(IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(destination.Timeout);
        try
        {
            var stream = _stream ?? await ConnectAsync(timeout.Token);
            _buffer.ResetWrittenCount();
            Span<byte> length = stackalloc byte[16];
            foreach (var message in messages)
            {
                var size = Encoding.UTF8.GetByteCount(message);
                size.TryFormat(length, out var digits, provider: CultureInfo.InvariantCulture);
                _buffer.Write(length[..digits]);
                _buffer.Write(" "u8);
                var written = Encoding.UTF8.GetBytes(message, _buffer.GetSpan(size));
                _buffer.Advance(written);
            }

            await stream.WriteAsync(_buffer.WrittenMemory, timeout.Token);
            await stream.FlushAsync(timeout.Token);
            if (_buffer.Capacity > 4 * 1024 * 1024)
            {
                _buffer.Clear();
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or AuthenticationException or ObjectDisposedException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Close();
            throw new ExportTransportException(
                ex is OperationCanceledException
                    ? $"no answer from {destination.Host}:{destination.Port} within {destination.Timeout.TotalSeconds:0.#} s"
                    : $"{destination.Host}:{destination.Port}: {ex.Message}",
                ex);
        }
    }

    public bool IsIntact()
    {
        if (_client?.Client is not { } socket)
        {
            return true;
        }

        try
        {
            // A syslog receiver never sends: readable means closed (0 bytes) or reset.
            if (socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0)
            {
                Close();
                return false;
            }

            return true;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Close();
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private async Task<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(destination.Host!, destination.Port, cancellationToken);
            Stream stream = client.GetStream();
            if (destination.Transport == ExportTransport.SyslogTls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(ExportTls.ClientOptions(destination, destination.Host!), cancellationToken);
                stream = ssl;
            }

            _client = client;
            _stream = stream;
            return stream;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private void Close()
    {
        _stream?.Dispose();
        _client?.Dispose();
        _stream = null;
        _client = null;
    }
}
