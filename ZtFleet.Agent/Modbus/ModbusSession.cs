using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Enforcement;
using ZtFleet.Agent.Telemetry;
using OtOutcome = ZtFleet.Api.V1.OtOutcome;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// One client connection through the proxy: every request frame is decided locally with the pure core; allowed ones
/// are forwarded, refused ones answered with a Modbus exception (illegal function) and never forwarded. Responses are
/// relayed by transaction id, so a client may pipeline requests; a request without a response within the timeout (a
/// broadcast, a device that drops it) is answered with exception 0x0B (gateway target device failed to respond) and
/// a late response to it is dropped. The function codes it has used are kept, so a new plant epoch can re-decide them
/// and close the session when one is no longer allowed. While the agent is not in step with the control plane
/// (<see cref="EnforcementState.InStep"/>: reconnecting, replaying, or stuck on something it could not apply) the view
/// may be older than the ruleset in force, so every request is answered with exception 0x0B (gateway target device
/// failed to respond) and none is forwarded; once caught up the session is re-decided on the new view and goes on.
/// </summary>
/// <remarks>
/// Two loops run at once: client to server (decide, forward, note the request as awaiting its response) and server to
/// client (match each response to an awaited request). Writes to the client come from both loops and from response
/// timers, so they are serialised.
/// </remarks>
public sealed class ModbusSession : IDisposable
{
    private readonly Stream _client;
    private readonly Stream _upstream;
    private readonly IPAddress _clientAddress;
    private readonly IPEndPoint _destination;
    private readonly EnforcementState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TimeSpan _responseTimeout;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _clientWrites = new(1, 1);
    private readonly object _used = new();
    private readonly HashSet<byte> _usedFunctionCodes = [];
    private readonly List<AwaitedResponse> _awaited = [];
    private readonly TelemetryBuffer? _telemetry;

    public ModbusSession(
        long id,
        Stream client,
        Stream upstream,
        IPAddress clientAddress,
        IPEndPoint destination,
        EnforcementState state,
        TimeProvider time,
        ILogger logger,
        TimeSpan? responseTimeout = null,
        TelemetryBuffer? telemetry = null)
    {
        Id = id;
        _client = client;
        _upstream = upstream;
        _clientAddress = clientAddress.IsIPv4MappedToIPv6 ? clientAddress.MapToIPv4() : clientAddress;
        _destination = destination;
        _state = state;
        _time = time;
        _logger = logger;
        _responseTimeout = responseTimeout ?? TimeSpan.FromSeconds(5);
        _telemetry = telemetry;
    }

    /// <summary>The session's number, for the log.</summary>
    public long Id { get; }

    /// <summary>Why the session was closed by the proxy, or null.</summary>
    public string? ClosedBecause { get; private set; }

    /// <summary>The function codes forwarded so far.</summary>
    public IReadOnlyCollection<byte> UsedFunctionCodes
    {
        get
        {
            lock (_used)
            {
                return [.. _usedFunctionCodes];
            }
        }
    }

    /// <summary>Relays frames until either side closes, a frame is not Modbus/TCP, or the session is closed.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var client = PipeReader.Create(_client, new StreamPipeReaderOptions(leaveOpen: true));
        var upstream = PipeReader.Create(_upstream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            var requests = RelayAsync(() => RelayRequestsAsync(client, stop.Token));
            var responses = RelayAsync(() => RelayResponsesAsync(upstream, stop.Token));

            // Either side ending ends the session.
            await Task.WhenAny(requests, responses);
            await stop.CancelAsync();
            await Task.WhenAll(requests, responses);
        }
        finally
        {
            lock (_awaited)
            {
                foreach (var awaited in _awaited)
                {
                    awaited.Timer.Dispose();

                    // Forwarded, but the session ended before an answer: reported without an exception.
                    Report(awaited, exception: null);
                }

                _awaited.Clear();
            }

            await client.CompleteAsync();
            await upstream.CompleteAsync();
        }
    }

    /// <summary>
    /// Re-decides every function code the session has used on the current state; closes the session at once when
    /// one is no longer allowed (a revocation) or the agent failed closed. Returns whether it was closed.
    /// </summary>
    public bool Revalidate()
    {
        if (_state.FailedClosed)
        {
            Close("the agent failed closed");
            return true;
        }

        // Not in step: requests are refused meanwhile, and the session is re-decided on the view published at the
        // catch-up (which raises EnforcementState.Changed again).
        if (!_state.InStep)
        {
            return false;
        }

        foreach (var code in UsedFunctionCodes)
        {
            var decision = Decide(code);
            if (!decision.IsAllowed)
            {
                Close($"fc{code} is no longer allowed at epoch {_state.View?.Epoch} ({decision.Reason}, rule {decision.RuleId ?? "none"})");
                return true;
            }
        }

        return false;
    }

    /// <summary>Closes the session (both connections).</summary>
    public void Close(string reason)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        ClosedBecause = reason;
        _logger.LogWarning("Session {Session}: {Client} -> {Destination} CLOSED: {Reason}", Id, _clientAddress, _destination, reason);
        _closed.Cancel();
        _client.Dispose();
        _upstream.Dispose();
    }

    public void Dispose()
    {
        _client.Dispose();
        _upstream.Dispose();
        _closed.Dispose();
        _clientWrites.Dispose();
    }

    private async Task RelayRequestsAsync(PipeReader client, CancellationToken cancellationToken)
    {
        while (true)
        {
            var request = await ReadFrameAsync(client, "client", cancellationToken);
            if (request is null)
            {
                return;
            }

            var arrived = _time.GetUtcNow();
            if (!_state.FailedClosed && !_state.InStep)
            {
                Report(arrived, request, OtOutcome.Refused, MbapParser.GatewayTargetFailedToRespond, "not-in-step");
                _logger.LogWarning(
                    "Session {Session}: {Client} -> {Destination} fc{FunctionCode} REFUSED: the agent is not in step with the control plane (reconnecting or catching up), so the plant view of epoch {Epoch} may be stale; answered with exception 0x0B",
                    Id, _clientAddress, _destination, request.FunctionCode, _state.View?.Epoch);
                await WriteClientAsync(request.ExceptionResponse(MbapParser.GatewayTargetFailedToRespond), cancellationToken);
                continue;
            }

            var decision = Decide(request.FunctionCode);
            if (!decision.IsAllowed)
            {
                _logger.LogWarning(
                    "Session {Session}: {Client} -> {Destination} fc{FunctionCode} DENIED ({Reason}, rule {Rule}); answered with exception 0x01",
                    Id, _clientAddress, _destination, request.FunctionCode, decision.Reason, decision.RuleId ?? "none");
                Report(arrived, request, OtOutcome.Refused, MbapParser.IllegalFunction, decision.RuleId ?? decision.Reason);
                await WriteClientAsync(request.ExceptionResponse(), cancellationToken);
                continue;
            }

            _logger.LogDebug("Session {Session}: fc{FunctionCode} allowed ({Reason}, rule {Rule})", Id, request.FunctionCode, decision.Reason, decision.RuleId);
            lock (_used)
            {
                _usedFunctionCodes.Add(request.FunctionCode);
            }

            // Awaited before it is sent, so a fast response always finds it.
            var awaited = new AwaitedResponse(request, arrived, decision.RuleId ?? decision.Reason);
            lock (_awaited)
            {
                _awaited.Add(awaited);
                awaited.Timer = _time.CreateTimer(_ => TimedOut(awaited), null, _responseTimeout, Timeout.InfiniteTimeSpan);
            }

            await _upstream.WriteAsync(request.Bytes, cancellationToken);
        }
    }

    private async Task RelayResponsesAsync(PipeReader upstream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var response = await ReadFrameAsync(upstream, "server", cancellationToken);
            if (response is null)
            {
                return;
            }

            AwaitedResponse? awaited;
            lock (_awaited)
            {
                awaited = _awaited.Find(a => a.Request.TransactionId == response.TransactionId);
                if (awaited is not null)
                {
                    _awaited.Remove(awaited);
                    awaited.Timer.Dispose();
                }
            }

            if (awaited is null)
            {
                _logger.LogWarning(
                    "Session {Session}: {Destination} answered transaction {Transaction}, which no request awaits (timed out or never sent); dropped",
                    Id, _destination, response.TransactionId);
                continue;
            }

            Report(awaited, response.FunctionCode >= 0x80 && response.Bytes.Length > MbapParser.HeaderLength + 1 ? response.Bytes[MbapParser.HeaderLength + 1] : null);
            await WriteClientAsync(response.Bytes, cancellationToken);
        }
    }

    private void Report(AwaitedResponse awaited, int? exception) =>
        Report(awaited.Arrived, awaited.Request, OtOutcome.Forwarded, exception, awaited.Rule);

    // Enqueued without waiting: a full buffer drops its oldest event, never this session's traffic.
    private void Report(DateTimeOffset at, MbapFrame request, OtOutcome outcome, int? exception, string? rule) =>
        _telemetry?.Add(TelemetryEvents.ModbusTransaction(at, _clientAddress, _destination, request, outcome, exception, rule));

    // A request the server has not answered in time: the client gets 0x0B and the session goes on.
    private void TimedOut(AwaitedResponse awaited)
    {
        lock (_awaited)
        {
            if (!_awaited.Remove(awaited))
            {
                return;
            }

            awaited.Timer.Dispose();
        }

        Report(awaited, MbapParser.GatewayTargetFailedToRespond);
        var request = awaited.Request;
        _logger.LogWarning(
            "Session {Session}: {Destination} did not answer transaction {Transaction} (unit {Unit}, fc{FunctionCode}) within {Timeout}; answered with exception 0x0B",
            Id, _destination, request.TransactionId, request.UnitId, request.FunctionCode, _responseTimeout);
        _ = RelayAsync(() => WriteClientAsync(request.ExceptionResponse(MbapParser.GatewayTargetFailedToRespond), _closed.Token));
    }

    private async Task WriteClientAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _clientWrites.WaitAsync(cancellationToken);
        try
        {
            await _client.WriteAsync(bytes, cancellationToken);
        }
        finally
        {
            _clientWrites.Release();
        }
    }

    // Runs one direction; a closed session, a cancellation or a lost connection ends it quietly.
    private async Task RelayAsync(Func<Task> relay)
    {
        try
        {
            await relay();
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (IOException ex)
        {
            _logger.LogDebug("Session {Session}: connection lost ({Reason})", Id, ex.Message);
        }
    }

    private FlowDecision Decide(byte functionCode)
    {
        if (_state.FailedClosed)
        {
            return new FlowDecision { Reason = "fail-closed" };
        }

        if (_state.View is not { } view)
        {
            return new FlowDecision { Reason = "no-plant-state" };
        }

        var request = new FlowRequest(
            FlowEndpoint.OfAddress(_clientAddress.ToString()),
            FlowEndpoint.OfAddress(_destination.Address.ToString()),
            Protocol.ModbusTcp,
            _destination.Port,
            $"fc{functionCode}");
        return view.Decide(in request, _time.GetUtcNow());
    }

    private async Task<MbapFrame?> ReadFrameAsync(PipeReader reader, string side, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var read = MbapParser.TryRead(ref buffer, out var frame, out var error);
            switch (read)
            {
                case MbapReadResult.Frame:
                    reader.AdvanceTo(buffer.Start);
                    return frame;
                case MbapReadResult.Invalid:
                    reader.AdvanceTo(buffer.Start);
                    Close($"the {side} sent something that is not Modbus/TCP: {error}");
                    return null;
                default:
                    reader.AdvanceTo(buffer.Start, buffer.End);
                    if (result.IsCompleted)
                    {
                        if (buffer.Length > 0)
                        {
                            _logger.LogDebug("Session {Session}: the {Side} closed in the middle of a frame", Id, side);
                        }

                        return null;
                    }

                    break;
            }
        }
    }

    private sealed class AwaitedResponse(MbapFrame request, DateTimeOffset arrived, string? rule)
    {
        public MbapFrame Request { get; } = request;

        public DateTimeOffset Arrived { get; } = arrived;

        public string? Rule { get; } = rule;

        public ITimer Timer { get; set; } = null!;
    }
}
