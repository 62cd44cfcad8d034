using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using ZtFleet.Agent.Enforcement;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Modbus;

/// <summary>
/// One client connection through the proxy: every request frame is decided locally with the pure core; allowed ones
/// are forwarded and their response relayed, refused ones answered with a Modbus exception (illegal function) and
/// never forwarded. The function codes it has used are kept, so a new plant epoch can re-decide them and close the
/// session when one is no longer allowed.
/// </summary>
public sealed class ModbusSession : IDisposable
{
    private readonly Stream _client;
    private readonly Stream _upstream;
    private readonly IPAddress _clientAddress;
    private readonly IPEndPoint _destination;
    private readonly EnforcementState _state;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _closed = new();
    private readonly object _used = new();
    private readonly HashSet<byte> _usedFunctionCodes = [];

    public ModbusSession(long id, Stream client, Stream upstream, IPAddress clientAddress, IPEndPoint destination, EnforcementState state, TimeProvider time, ILogger logger)
    {
        Id = id;
        _client = client;
        _upstream = upstream;
        _clientAddress = clientAddress.IsIPv4MappedToIPv6 ? clientAddress.MapToIPv4() : clientAddress;
        _destination = destination;
        _state = state;
        _time = time;
        _logger = logger;
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
            while (true)
            {
                var request = await ReadFrameAsync(client, "client", stop.Token);
                if (request is null)
                {
                    return;
                }

                var decision = Decide(request.FunctionCode);
                if (!decision.IsAllowed)
                {
                    _logger.LogWarning(
                        "Session {Session}: {Client} -> {Destination} fc{FunctionCode} DENIED ({Reason}, rule {Rule}); answered with exception 0x01",
                        Id, _clientAddress, _destination, request.FunctionCode, decision.Reason, decision.RuleId ?? "none");
                    await _client.WriteAsync(request.ExceptionResponse(), stop.Token);
                    continue;
                }

                _logger.LogDebug("Session {Session}: fc{FunctionCode} allowed ({Reason}, rule {Rule})", Id, request.FunctionCode, decision.Reason, decision.RuleId);
                lock (_used)
                {
                    _usedFunctionCodes.Add(request.FunctionCode);
                }

                await _upstream.WriteAsync(request.Bytes, stop.Token);
                var response = await ReadFrameAsync(upstream, "server", stop.Token);
                if (response is null)
                {
                    return;
                }

                await _client.WriteAsync(response.Bytes, stop.Token);
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested || cancellationToken.IsCancellationRequested)
        {
        }
        catch (ObjectDisposedException) when (_closed.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            _logger.LogDebug("Session {Session}: connection lost ({Reason})", Id, ex.Message);
        }
        finally
        {
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
}
