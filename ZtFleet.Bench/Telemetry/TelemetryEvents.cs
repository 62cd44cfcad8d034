using Google.Protobuf.WellKnownTypes;
using ZtFleet.Api.V1;

namespace ZtFleet.Bench.Telemetry;

/// <summary>The events the benchmark sends, as a plant's HMIs, engineering workstation and proxies would report them.</summary>
internal static class TelemetryEvents
{
    /// <summary>An HMI polling a PLC: holding registers 0–9 (function code 3), what the baseline learns.</summary>
    public static TelemetryEvent Poll(TelemetryFleet.Host hmi, TelemetryFleet.Host plc, Timestamp at) =>
        Transaction(hmi.Ip, plc.Ip, 3, 0, 10, OtOutcome.Forwarded, at);

    /// <summary>An HMI reading a PLC's coils 0–15 (function code 1), also learned.</summary>
    public static TelemetryEvent Coils(TelemetryFleet.Host hmi, TelemetryFleet.Host plc, Timestamp at) =>
        Transaction(hmi.Ip, plc.Ip, 1, 0, 16, OtOutcome.Forwarded, at);

    /// <summary>
    /// A function code the PLC's baseline has never seen from its HMI: diagnostics (8), or any code given. A new
    /// detection per PLC and code (findings of one key while open add to one detection).
    /// </summary>
    public static TelemetryEvent Unusual(TelemetryFleet.Host hmi, TelemetryFleet.Host plc, int functionCode, Timestamp at) =>
        Transaction(hmi.Ip, plc.Ip, functionCode, 0, 1, OtOutcome.Forwarded, at);

    /// <summary>The engineering workstation writing a register the proxy refused: a refused write (high severity).</summary>
    public static TelemetryEvent RefusedWrite(TelemetryFleet.Host plc, Timestamp at) =>
        Transaction(TelemetryFleet.WorkstationIp, plc.Ip, 6, 40, 1, OtOutcome.Refused, at, exception: 1);

    private static TelemetryEvent Transaction(string source, string destination, int functionCode, long address, long quantity, OtOutcome outcome, Timestamp at, int? exception = null)
    {
        var transaction = new OtTransaction
        {
            Source = new Endpoint { Ip = source, Port = 50000 },
            Destination = new Endpoint { Ip = destination, Port = 502 },
            Protocol = "modbus-tcp",
            FunctionCode = functionCode,
            Unit = 1,
            Address = address,
            Quantity = quantity,
            Outcome = outcome,
            Rule = outcome == OtOutcome.Refused ? "default-deny" : "conduit:ops-to-cell",
        };
        if (exception is { } code)
        {
            transaction.Exception = code;
        }

        return new TelemetryEvent { At = at, OtTransaction = transaction };
    }
}
