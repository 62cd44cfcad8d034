using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Monitoring.Zeek;

namespace ZtFleet.Agent.Zeek;

/// <summary>
/// Turns Zeek records into telemetry events: a <c>conn.log</c> line into an observed flow, Modbus lines into observed OT
/// transactions, one per request. Logs that write a request and its response as two lines (Zeek's <c>modbus.log</c>
/// with <c>pdu_type</c>, ICSNPP's <c>modbus_detailed.log</c> before September 2025 with <c>request_response</c>) are
/// paired by connection, transaction id and unit: the request is held until its response (which gives the exception)
/// or until it is older than <see cref="PairingWindow"/> by the log's clock; a response without its request is a
/// transaction on its own. Lines that are one transaction each (current ICSNPP schema, <c>modbus.log</c> of Zeek
/// before <c>pdu_type</c>, which logs responses only) are mapped as they come.
/// </summary>
/// <remarks>One mapper per log: pairing state is per input. Not thread-safe.</remarks>
public sealed class ZeekTelemetryMapper
{
    /// <summary>How long, by the log's timestamps, a request waits for its response.</summary>
    public static readonly TimeSpan PairingWindow = TimeSpan.FromSeconds(30);

    /// <summary>The most requests held unanswered; beyond it the oldest is mapped without a response.</summary>
    public const int MaxPending = 10_000;

    private readonly Dictionary<(string Uid, int? Tid, int? Unit), Pending> _pending = [];
    private readonly LinkedList<Pending> _order = [];

    /// <summary>Lines that could not be mapped (a Modbus function Zeek did not name as this reader knows).</summary>
    public long Skipped { get; private set; }

    /// <summary>The events a record gives (none while a request waits for its response), oldest first.</summary>
    public IReadOnlyList<TelemetryEvent> Map(ZeekRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var events = new List<TelemetryEvent>();
        Expire(record.Timestamp, events);
        switch (record)
        {
            case ZeekConnRecord conn:
                events.Add(Flow(conn));
                break;
            case ZeekModbusRecord modbus:
                Modbus(modbus, events);
                break;
            case ZeekModbusDetailedRecord detailed:
                Detailed(detailed, events);
                break;
        }

        return events;
    }

    /// <summary>The requests still waiting for a response, mapped without one (the input ended).</summary>
    public IReadOnlyList<TelemetryEvent> Flush()
    {
        var events = _order.Select(p => p.Event).ToList();
        _order.Clear();
        _pending.Clear();
        return events;
    }

    /// <summary>The document's protocol name for a Zeek <c>service</c> (its first confirmed analyzer), or empty.</summary>
    public static string ProtocolOf(string? service, int responderPort)
    {
        var first = service?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()?.ToLowerInvariant();
        return first switch
        {
            "modbus" => "modbus-tcp",
            "s7comm" or "s7comm_plus" or "s7comm-plus" => "s7comm",
            "opcua_binary" or "opcua-binary" or "opcua" => "opc-ua",
            "dnp3" or "dnp3_tcp" or "dnp3_udp" => "dnp3",
            "iec104" or "iec60870_5_104" => "iec-104",
            "enip" or "cip" => "ethernet-ip",
            "bacnet" => "bacnet-ip",
            "mqtt" => "mqtt",
            "ssh" => "ssh",
            "rdp" => "rdp",
            "smb" => "smb",
            "http" => "http",
            "dns" => "dns",
            "ntp" => "ntp",
            "syslog" => "syslog",
            "ssl" when responderPort == 443 => "https",
            _ => string.Empty,
        };
    }

    /// <summary>The code of a Modbus exception as Zeek names it (<c>Modbus::exception_codes</c>), or null.</summary>
    public static int? ExceptionCode(string? name) => name switch
    {
        null or "" => null,
        "ILLEGAL_FUNCTION" => 0x01,
        "ILLEGAL_DATA_ADDRESS" => 0x02,
        "ILLEGAL_DATA_VALUE" => 0x03,
        "SLAVE_DEVICE_FAILURE" or "SERVER_DEVICE_FAILURE" => 0x04,
        "ACKNOWLEDGE" => 0x05,
        "SLAVE_DEVICE_BUSY" or "SERVER_DEVICE_BUSY" => 0x06,
        "MEMORY_PARITY_ERROR" => 0x08,
        "GATEWAY_PATH_UNAVAILABLE" => 0x0A,
        "GATEWAY_TARGET_DEVICE_FAILED_TO_RESPOND" => 0x0B,
        _ when name.StartsWith("unknown-", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 1 and <= 255 => code,
        _ => null,
    };

    private static TelemetryEvent Flow(ZeekConnRecord conn)
    {
        var flow = new FlowObservation
        {
            Source = new Endpoint { Ip = conn.Id.OriginatorHost.ToString(), Port = conn.Id.OriginatorPort },
            Destination = new Endpoint { Ip = conn.Id.ResponderHost.ToString(), Port = conn.Id.ResponderPort },
            Transport = conn.Proto,
            Protocol = ProtocolOf(conn.Service, conn.Id.ResponderPort),
            Bytes = (conn.OrigBytes ?? 0) + (conn.RespBytes ?? 0),
            Packets = (conn.OrigPkts ?? 0) + (conn.RespPkts ?? 0),
            Action = FlowAction.Observed,
        };
        if (conn.Duration is { } duration)
        {
            flow.End = Timestamp.FromDateTimeOffset(conn.Timestamp + duration);
        }

        return new TelemetryEvent { At = Timestamp.FromDateTimeOffset(conn.Timestamp), Flow = flow };
    }

    private void Modbus(ZeekModbusRecord record, List<TelemetryEvent> events)
    {
        if (record.Function is not { } function)
        {
            Skipped++;
            return;
        }

        var exception = ExceptionCode(record.Exception);
        switch (record.PduType)
        {
            case "REQ":
                Hold(record, record.Tid, record.Unit, Transaction(record, function, record.Unit, null, null, null), events);
                break;
            case "RESP":
                events.Add(Answer(record, record.Tid, record.Unit, exception) ?? Transaction(record, function, record.Unit, null, null, exception));
                break;
            default:
                // Zeek before pdu_type logs responses only: each line is one transaction.
                events.Add(Transaction(record, function, record.Unit, null, null, exception));
                break;
        }
    }

    private void Detailed(ZeekModbusDetailedRecord record, List<TelemetryEvent> events)
    {
        if (record.Function is not { } function)
        {
            Skipped++;
            return;
        }

        var exception = ExceptionCode(record.ExceptionCode);
        switch (record.RequestResponse)
        {
            case "REQUEST":
                Hold(record, record.Tid, record.Unit, Transaction(record, function, record.Unit, record.Address, record.Quantity, null), events);
                break;
            case "RESPONSE":
                events.Add(Answer(record, record.Tid, record.Unit, exception)
                    ?? Transaction(record, function, record.Unit, record.Address, record.Quantity, exception));
                break;
            default:
                // The current schema: a matched request and response on one line (or an unmatched one).
                events.Add(Transaction(record, function, record.Unit, record.Address, record.Quantity, exception));
                break;
        }
    }

    private void Hold(ZeekRecord record, int? tid, int? unit, TelemetryEvent transaction, List<TelemetryEvent> events)
    {
        var key = (record.Uid, tid, unit);
        if (_pending.Remove(key, out var earlier))
        {
            // The same transaction id again without a response: the earlier request went unanswered.
            _order.Remove(earlier.Node!);
            events.Add(earlier.Event);
        }

        if (_pending.Count >= MaxPending && _order.First is { } oldest)
        {
            _order.RemoveFirst();
            _pending.Remove(oldest.Value.Key);
            events.Add(oldest.Value.Event);
        }

        var pending = new Pending(key, record.Timestamp, transaction);
        pending.Node = _order.AddLast(pending);
        _pending[key] = pending;
    }

    private TelemetryEvent? Answer(ZeekRecord record, int? tid, int? unit, int? exception)
    {
        if (!_pending.Remove((record.Uid, tid, unit), out var request))
        {
            return null;
        }

        _order.Remove(request.Node!);
        if (exception is { } code)
        {
            request.Event.OtTransaction.Exception = code;
        }

        return request.Event;
    }

    private void Expire(DateTimeOffset now, List<TelemetryEvent> events)
    {
        while (_order.First is { } oldest && now - oldest.Value.At > PairingWindow)
        {
            _order.RemoveFirst();
            _pending.Remove(oldest.Value.Key);
            events.Add(oldest.Value.Event);
        }
    }

    private static TelemetryEvent Transaction(ZeekRecord record, ZeekModbusFunction function, int? unit, long? address, long? quantity, int? exception)
    {
        var transaction = new OtTransaction
        {
            Source = new Endpoint { Ip = record.Id.OriginatorHost.ToString(), Port = record.Id.OriginatorPort },
            Destination = new Endpoint { Ip = record.Id.ResponderHost.ToString(), Port = record.Id.ResponderPort },
            Protocol = "modbus-tcp",
            Operation = function.Operation,
            FunctionCode = function.FunctionCode,
            Outcome = OtOutcome.Observed,
        };
        if (unit is { } u)
        {
            transaction.Unit = u;
        }

        if (address is { } a)
        {
            transaction.Address = a;
        }

        if (quantity is { } q)
        {
            transaction.Quantity = q;
        }

        if (exception is { } e)
        {
            transaction.Exception = e;
        }

        return new TelemetryEvent { At = Timestamp.FromDateTimeOffset(record.Timestamp), OtTransaction = transaction };
    }

    private sealed class Pending((string, int?, int?) key, DateTimeOffset at, TelemetryEvent transaction)
    {
        public (string Uid, int? Tid, int? Unit) Key { get; } = key;

        public DateTimeOffset At { get; } = at;

        public TelemetryEvent Event { get; } = transaction;

        public LinkedListNode<Pending>? Node { get; set; }
    }
}
