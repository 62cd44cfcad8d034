using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ZtFleet.Bench.Export;

/// <summary>
/// The benchmark's own syslog receiver over TCP with octet counting (RFC 6587): it reads every frame, takes the outbox
/// position and plant from the structured data ZtFleet's RFC 5424 format writes (<c>position="N"</c>,
/// <c>plant="P"</c>), and keeps each arrival with its time. No disk: rsyslog writing a file would measure rsyslog.
/// </summary>
internal sealed class CountingSyslogReceiver : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly object _gate = new();
    private readonly List<(long Position, string Plant, long At)> _arrivals = new(1 << 20);
    private Task? _accepting;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Frames received (records, duplicates included).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count;
            }
        }
    }

    /// <summary>Connections accepted so far.</summary>
    public int Connections { get; private set; }

    public void Start()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>The arrivals so far (position, plant, Stopwatch timestamp), in arrival order.</summary>
    public List<(long Position, string Plant, long At)> Arrivals()
    {
        lock (_gate)
        {
            return [.. _arrivals];
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await Task.WhenAll(_connections.Append(_accepting ?? Task.CompletedTask));
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Connections++;
            _connections.Add(Task.Run(() => ReadAsync(client)));
        }
    }

    private async Task ReadAsync(TcpClient client)
    {
        using (client)
        {
            var stream = new BufferedStream(client.GetStream(), 1 << 16);
            var frame = new byte[1 << 16];
            var batch = new List<(long, string, long)>(1024);
            try
            {
                while (true)
                {
                    var length = 0;
                    int b;
                    while ((b = stream.ReadByte()) is >= '0' and <= '9')
                    {
                        length = (length * 10) + (b - '0');
                    }

                    if (b < 0)
                    {
                        return;
                    }

                    if (frame.Length < length)
                    {
                        frame = new byte[length * 2];
                    }

                    await stream.ReadExactlyAsync(frame.AsMemory(0, length), _stop.Token);
                    var text = Encoding.UTF8.GetString(frame, 0, Math.Min(length, 1024));
                    batch.Add((Number(text, "position=\""), Value(text, "plant=\""), Stopwatch.GetTimestamp()));
                    if (batch.Count == batch.Capacity || client.Available == 0)
                    {
                        lock (_gate)
                        {
                            _arrivals.AddRange(batch);
                        }

                        batch.Clear();
                    }
                }
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or EndOfStreamException or ObjectDisposedException)
            {
                // The sender closed or was killed.
            }
            finally
            {
                lock (_gate)
                {
                    _arrivals.AddRange(batch);
                }
            }
        }
    }

    private static long Number(string text, string key)
    {
        var value = Value(text, key);
        return long.TryParse(value, out var number) ? number : -1;
    }

    private static string Value(string text, string key)
    {
        var start = text.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        start += key.Length;
        var end = text.IndexOf('"', start);
        return end < 0 ? string.Empty : text[start..end];
    }
}
