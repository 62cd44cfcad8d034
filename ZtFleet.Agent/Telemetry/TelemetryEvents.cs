using System.Net;
using Google.Protobuf.WellKnownTypes;
using ZtFleet.Agent.Modbus;
using ZtFleet.Api.V1;

namespace ZtFleet.Agent.Telemetry;

/// <summary>Builds the telemetry events the agent reports (the wire messages of <c>TelemetryService/Ingest</c>).</summary>
public static class TelemetryEvents
{
    /// <summary>The rule a packet dropped by the forward chain's policy falls to.</summary>
    public const string DefaultDeny = "default-deny";

    /// <summary>The rule the fail-closed ruleset drops by.</summary>
    public const string FailClosed = "fail-closed";

    /// <summary>A Modbus/TCP request the proxy decided.</summary>
    /// <param name="at">When the request arrived.</param>
    /// <param name="client">The client's address.</param>
    /// <param name="server">Where the request was going (the original destination).</param>
    /// <param name="request">The request frame.</param>
    /// <param name="outcome">Forwarded or refused.</param>
    /// <param name="exception">The exception code answered (by the server, or by the proxy), or null.</param>
    /// <param name="rule">The rule that decided, or why it was refused.</param>
    public static TelemetryEvent ModbusTransaction(
        DateTimeOffset at, IPAddress client, IPEndPoint server, MbapFrame request, OtOutcome outcome, int? exception, string? rule)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(request);
        var transaction = new OtTransaction
        {
            Source = new Endpoint { Ip = Unmapped(client).ToString() },
            Destination = new Endpoint { Ip = Unmapped(server.Address).ToString(), Port = server.Port },
            Protocol = "modbus-tcp",
            Operation = "fc" + (request.FunctionCode & 0x7F).ToString(System.Globalization.CultureInfo.InvariantCulture),
            FunctionCode = request.FunctionCode & 0x7F,
            Unit = request.UnitId,
            Outcome = outcome,
            Rule = rule ?? string.Empty,
        };
        if (ModbusRequestFields.TryRead(request, out var address, out var quantity))
        {
            transaction.Address = address;
            transaction.Quantity = quantity;
        }

        if (exception is { } code)
        {
            transaction.Exception = code;
        }

        return new TelemetryEvent { At = Timestamp.FromDateTimeOffset(at), OtTransaction = transaction };
    }

    /// <summary>Packets the ruleset dropped between two hosts since the previous report.</summary>
    public static TelemetryEvent DroppedFlow(DateTimeOffset at, DroppedElement element, long packets, long bytes, string rule)
    {
        ArgumentNullException.ThrowIfNull(element);
        return new TelemetryEvent
        {
            At = Timestamp.FromDateTimeOffset(at),
            Flow = new FlowObservation
            {
                Source = new Endpoint { Ip = element.Source },
                Destination = new Endpoint { Ip = element.Destination, Port = element.Port },
                Transport = element.Transport,
                Packets = packets,
                Bytes = bytes,
                Action = FlowAction.Dropped,
                Rule = rule,
            },
        };
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
