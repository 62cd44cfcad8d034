using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Enforcement;
using ZtFleet.Agent.Telemetry;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// The Modbus/TCP proxy: listens on [::]:port, IPv4 and IPv6 (0.0.0.0:port where the host has no IPv6), where the
/// gateway's nftables ruleset redirects Modbus/TCP conduit traffic; finds each connection's real destination
/// (<see cref="OriginalDestination"/>), refuses one that is the proxy itself or this host
/// (<see cref="ProxyDestinations"/>), connects to it and relays frame by frame through a <see cref="ModbusSession"/>. When the plant state changes every live session re-decides
/// the operations it has used and is closed if one is now refused; fail-closed closes them all.
/// </summary>
public sealed class ModbusProxy : IDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // Decisions depend on time too (a grant's window, a maintenance window): sessions are re-decided this often even
    // when no delta arrives.
    private static readonly TimeSpan RevalidationPeriod = TimeSpan.FromSeconds(5);

    private readonly EnforcementState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Socket _listener;
    private readonly ConcurrentDictionary<long, ModbusSession> _sessions = new();
    private readonly Func<Socket, IPEndPoint?> _destinationOf;
    private readonly TimeSpan _responseTimeout;
    private readonly TelemetryBuffer? _telemetry;
    private long _next;

    /// <param name="port">The port to listen on (0: any, for tests).</param>
    /// <param name="state">The plant view and fail-closed flag the sessions decide on.</param>
    /// <param name="time">The clock (decisions, response timeouts).</param>
    /// <param name="logger">The proxy's log.</param>
    /// <param name="responseTimeout">How long a session waits for a response to a request (default 5 s).</param>
    /// <param name="address">The address to listen on; null: [::] dual-stack, or 0.0.0.0 without IPv6.</param>
    /// <param name="destinationOf">Where a connection was going (tests); default <see cref="OriginalDestination.Of"/>.</param>
    /// <param name="telemetry">Where every decided request is reported, or null.</param>
    public ModbusProxy(
        int port,
        EnforcementState state,
        TimeProvider time,
        ILogger logger,
        TimeSpan? responseTimeout = null,
        IPAddress? address = null,
        Func<Socket, IPEndPoint?>? destinationOf = null,
        TelemetryBuffer? telemetry = null)
    {
        _state = state;
        _time = time;
        _logger = logger;
        _responseTimeout = responseTimeout ?? TimeSpan.FromSeconds(5);
        _destinationOf = destinationOf ?? OriginalDestination.Of;
        _telemetry = telemetry;
        _listener = address is null ? ListenAnywhere(port, logger) : Bind(new IPEndPoint(address, port));
        _state.Changed += Revalidate;
    }

    /// <summary>The address and port the proxy listens on.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    /// <summary>The live sessions.</summary>
    public ICollection<ModbusSession> Sessions => _sessions.Values;

    /// <summary>Starts listening.</summary>
    public void Start()
    {
        _listener.Listen(128);
        _logger.LogInformation("Modbus/TCP proxy listening on {EndPoint}", LocalEndPoint);
    }

    /// <summary>Accepts connections until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var revalidating = RevalidatePeriodicallyAsync(cancellationToken);
        try
        {
            while (true)
            {
                var client = await _listener.AcceptAsync(cancellationToken);
                _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            foreach (var session in _sessions.Values)
            {
                session.Close("the agent is stopping");
            }

            await revalidating;
        }
    }

    public void Dispose()
    {
        _state.Changed -= Revalidate;
        _listener.Dispose();
    }

    private async Task ServeAsync(Socket client, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _next);
        var peer = Unmapped((IPEndPoint)client.RemoteEndPoint!);
        client.NoDelay = true;
        if (_state.FailedClosed || _state.View is null)
        {
            _logger.LogWarning("Connection {Session} from {Client} refused: {Reason}", id, peer, _state.FailedClosed ? "the agent failed closed" : "no plant state yet");
            client.Dispose();
            return;
        }

        var destination = _destinationOf(client);
        var refusal = destination is null
            ? "not redirected by nftables (no original destination)"
            : ProxyDestinations.Refusal(destination, (IPEndPoint)client.LocalEndPoint!, LocalEndPoint.Port, ProxyDestinations.IsHostAddress);
        if (refusal is not null)
        {
            _logger.LogWarning("Connection {Session} from {Client} to {Local} refused: {Reason}", id, peer, client.LocalEndPoint, refusal);
            client.Dispose();
            return;
        }

        var upstream = new Socket(destination!.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConnectTimeout);
            await upstream.ConnectAsync(destination, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            _logger.LogWarning("Connection {Session} from {Client}: cannot reach {Destination} ({Reason})", id, peer, destination, ex.Message);
            upstream.Dispose();
            client.Dispose();
            return;
        }

        using var session = new ModbusSession(
            id, new NetworkStream(client, ownsSocket: true), new NetworkStream(upstream, ownsSocket: true), peer.Address, destination, _state, _time, _logger, _responseTimeout, _telemetry);
        _sessions[id] = session;
        _logger.LogInformation("Session {Session}: {Client} -> {Destination} opened", id, peer, destination);
        try
        {
            // A state change between the checks above and the registration must not be missed.
            if (!session.Revalidate())
            {
                await session.RunAsync(cancellationToken);
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Session {Session} failed", id);
        }
        finally
        {
            _sessions.TryRemove(id, out _);
            _logger.LogInformation("Session {Session} ended", id);
        }
    }

    private static IPEndPoint Unmapped(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;

    // [::] accepts IPv4 too (v4-mapped); a host without IPv6 gets 0.0.0.0.
    private static Socket ListenAnywhere(int port, ILogger logger)
    {
        if (Socket.OSSupportsIPv6)
        {
            try
            {
                var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
                try
                {
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    socket.Bind(new IPEndPoint(IPAddress.IPv6Any, port));
                    return socket;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            catch (SocketException ex)
            {
                logger.LogWarning("Cannot listen on [::]:{Port} ({Reason}); the proxy serves IPv4 only", port, ex.Message);
            }
        }

        return Bind(new IPEndPoint(IPAddress.Any, port));
    }

    private static Socket Bind(IPEndPoint endPoint)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task RevalidatePeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RevalidationPeriod, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                Revalidate();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Revalidate()
    {
        foreach (var session in _sessions.Values)
        {
            session.Revalidate();
        }
    }
}
