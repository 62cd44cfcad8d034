using System.Globalization;
using ZtFleet.Policy.Access;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The operations a conduit may name per protocol, and the port a protocol uses when a document omits it.
/// OT protocols must list the operations a conduit allows (a conduit that says "Modbus" without saying "read" is
/// exactly the blanket access Zero Trust removes); IT protocols have no operation vocabulary and an empty list means
/// the whole protocol.
/// </summary>
/// <remarks>
/// Modbus/TCP accepts <c>read</c> (function codes 1–4), <c>write</c> (5, 6, 15, 16) and any single function code
/// <c>fc1</c> … <c>fc127</c>, so a rule can allow exactly FC 3 or name diagnostics (FC 8) or
/// read/write-multiple (FC 23) explicitly.
/// </remarks>
public static class ProtocolOperations
{
    private static readonly IReadOnlyList<int> ModbusRead = [1, 2, 3, 4];
    private static readonly IReadOnlyList<int> ModbusWrite = [5, 6, 15, 16];
    private static readonly IReadOnlyList<int>[] ModbusSingle = [.. Enumerable.Range(0, 128).Select(code => (IReadOnlyList<int>)[code])];

    private static readonly Dictionary<Protocol, IReadOnlyList<string>> Vocabulary = new()
    {
        [Protocol.ModbusTcp] = ["read", "write"],
        [Protocol.S7comm] = ["read", "write", "download", "upload", "stop", "start"],
        [Protocol.OpcUa] = ["read", "browse", "subscribe", "write", "call"],
        [Protocol.Dnp3] = ["read", "write", "select", "operate", "direct-operate", "cold-restart", "warm-restart"],
        [Protocol.EtherNetIp] = ["get-attribute", "set-attribute", "program-download", "reset"],
        [Protocol.Iec104] = ["interrogation", "command"],
        [Protocol.BacnetIp] = ["read-property", "write-property"],
        [Protocol.Mqtt] = ["subscribe", "publish"],
    };

    /// <summary>
    /// Whether conduits of this protocol must list their operations. True for the OT protocols (Modbus/TCP, S7comm,
    /// EtherNet/IP, OPC UA, DNP3, IEC-104, BACnet/IP, MQTT).
    /// </summary>
    public static bool RequiresOperations(Protocol protocol) => Vocabulary.ContainsKey(protocol);

    /// <summary>
    /// The named operations of a protocol (for Modbus/TCP without the <c>fc1</c> … <c>fc127</c> codes); empty for IT
    /// protocols, which have none.
    /// </summary>
    public static IReadOnlyList<string> Named(Protocol protocol) =>
        Vocabulary.TryGetValue(protocol, out var names) ? names : [];

    /// <summary>Whether <paramref name="operation"/> is in the vocabulary of <paramref name="protocol"/> (exact, lower-case).</summary>
    public static bool IsAllowed(Protocol protocol, string? operation)
    {
        if (string.IsNullOrEmpty(operation) || !Vocabulary.TryGetValue(protocol, out var names))
        {
            return false;
        }

        return names.Contains(operation, StringComparer.Ordinal)
            || (protocol == Protocol.ModbusTcp && TryParseFunctionCode(operation, out _));
    }

    /// <summary>
    /// Whether an operation only reads: it leaves the process and the device as they are (Modbus function codes 1–4,
    /// S7 read and upload, OPC UA read, browse and subscribe, DNP3 read, EtherNet/IP get-attribute, IEC-104
    /// interrogation, BACnet read-property, MQTT subscribe). IT protocols have no operations and are never read-only.
    /// </summary>
    public static bool IsReadOnly(Protocol protocol, string? operation)
    {
        if (operation is null || !IsAllowed(protocol, operation))
        {
            return false;
        }

        return protocol switch
        {
            Protocol.ModbusTcp => ModbusFunctionCodes(operation).All(code => code is >= 1 and <= 4),
            Protocol.S7comm => operation is "read" or "upload",
            Protocol.OpcUa => operation is "read" or "browse" or "subscribe",
            Protocol.Dnp3 => operation is "read",
            Protocol.EtherNetIp => operation is "get-attribute",
            Protocol.Iec104 => operation is "interrogation",
            Protocol.BacnetIp => operation is "read-property",
            Protocol.Mqtt => operation is "subscribe",
            _ => false,
        };
    }

    /// <summary>
    /// The class of access an operation needs in a temporary grant: reads are <see cref="Operation.View"/>; value
    /// changes <see cref="Operation.Write"/>; logic downloads and PLC stop/start <see cref="Operation.Program"/>;
    /// restarts and resets <see cref="Operation.Configure"/>; commands and method calls <see cref="Operation.Operate"/>;
    /// SSH and RDP <see cref="Operation.RemoteSession"/>, other IT protocols <see cref="Operation.Operate"/>. A Modbus
    /// function code outside the read and write groups counts as <see cref="Operation.Write"/>.
    /// </summary>
    public static Operation AccessOperation(Protocol protocol, string? operation)
    {
        if (!RequiresOperations(protocol))
        {
            return protocol is Protocol.Ssh or Protocol.Rdp ? Operation.RemoteSession : Operation.Operate;
        }

        if (IsReadOnly(protocol, operation))
        {
            return Operation.View;
        }

        return (protocol, operation) switch
        {
            (Protocol.S7comm, "download" or "stop" or "start") => Operation.Program,
            (Protocol.EtherNetIp, "program-download") => Operation.Program,
            (Protocol.EtherNetIp, "reset") => Operation.Configure,
            (Protocol.Dnp3, "cold-restart" or "warm-restart") => Operation.Configure,
            (Protocol.Dnp3, "select" or "operate" or "direct-operate") => Operation.Operate,
            (Protocol.OpcUa, "call") => Operation.Operate,
            (Protocol.Iec104, "command") => Operation.Operate,
            _ => Operation.Write,
        };
    }

    /// <summary>The allowed spellings as a sentence fragment for violation messages.</summary>
    public static string Describe(Protocol protocol)
    {
        var names = string.Join(", ", Named(protocol));
        return protocol == Protocol.ModbusTcp ? $"{names}, fc1 … fc127" : names;
    }

    /// <summary>
    /// The Modbus function codes an operation stands for: <c>read</c> = 1–4, <c>write</c> = 5, 6, 15, 16,
    /// <c>fcN</c> = N; empty when the operation is not a Modbus operation.
    /// </summary>
    public static IReadOnlyList<int> ModbusFunctionCodes(string operation) =>
        operation switch
        {
            "read" => ModbusRead,
            "write" => ModbusWrite,
            _ when TryParseFunctionCode(operation, out var code) => ModbusSingle[code],
            _ => [],
        };

    /// <summary>
    /// The port used when a conduit or flow omits <c>port</c>: modbus-tcp 502, s7comm 102, ethernet-ip 44818,
    /// opc-ua 4840, dnp3 20000, iec-104 2404, bacnet-ip 47808, mqtt 8883, ssh 22, rdp 3389, smb 445, https 443,
    /// http 80, dns 53, ntp 123, syslog 514, sql 1433; 0 for <see cref="Protocol.Unspecified"/>.
    /// </summary>
    /// <remarks>
    /// MQTT defaults to 8883 (MQTT over TLS), not the plaintext 1883: an omitted port then fails closed for a
    /// plaintext broker instead of silently opening one. <c>sql</c> defaults to Microsoft SQL Server's 1433; other
    /// databases (PostgreSQL 5432, Oracle 1521) must write their port.
    /// </remarks>
    public static int DefaultPort(Protocol protocol) =>
        protocol switch
        {
            Protocol.ModbusTcp => 502,
            Protocol.S7comm => 102,
            Protocol.EtherNetIp => 44818,
            Protocol.OpcUa => 4840,
            Protocol.Dnp3 => 20000,
            Protocol.Iec104 => 2404,
            Protocol.BacnetIp => 47808,
            Protocol.Mqtt => 8883,
            Protocol.Ssh => 22,
            Protocol.Rdp => 3389,
            Protocol.Smb => 445,
            Protocol.Https => 443,
            Protocol.Http => 80,
            Protocol.Dns => 53,
            Protocol.Ntp => 123,
            Protocol.Syslog => 514,
            Protocol.Sql => 1433,
            _ => 0,
        };

    internal static bool TryParseFunctionCode(string operation, out int code)
    {
        code = 0;

        // "fc03" is refused so that one function code has one spelling and rules compare as strings.
        return operation.Length is >= 3 and <= 5
            && operation.StartsWith("fc", StringComparison.Ordinal)
            && operation[2] != '0'
            && operation[2..].All(char.IsAsciiDigit)
            && int.TryParse(operation.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out code)
            && code is >= 1 and <= 127;
    }
}
