using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Enforcement;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// The Modbus/TCP proxy: listens on 0.0.0.0:port, where the gateway's nftables ruleset redirects Modbus/TCP conduit
/// traffic; finds each connection's real destination (<see cref="OriginalDestination"/>), connects to it and relays
/// frame by frame through a <see cref="ModbusSession"/>. When the plant state changes every live session re-decides
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
    private long _next;

    public ModbusProxy(int port, EnforcementState state, TimeProvider time, ILogger logger, IPAddress? address = null, Func<Socket, IPEndPoint?>? destinationOf = null)
    {
        _state = state;
        _time = time;
        _logger = logger;
        _destinationOf = destinationOf ?? OriginalDestination.Of;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(new IPEndPoint(address ?? IPAddress.Any, port));
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
        var peer = (IPEndPoint)client.RemoteEndPoint!;
        client.NoDelay = true;
        if (_state.FailedClosed || _state.View is null)
        {
            _logger.LogWarning("Connection {Session} from {Client} refused: {Reason}", id, peer, _state.FailedClosed ? "the agent failed closed" : "no plant state yet");
            client.Dispose();
            return;
        }

        var destination = _destinationOf(client);
        if (destination is null)
        {
            _logger.LogWarning("Connection {Session} from {Client} refused: not redirected by nftables (no original destination)", id, peer);
            client.Dispose();
            return;
        }

        var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
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
            id, new NetworkStream(client, ownsSocket: true), new NetworkStream(upstream, ownsSocket: true), peer.Address, destination, _state, _time, _logger);
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
