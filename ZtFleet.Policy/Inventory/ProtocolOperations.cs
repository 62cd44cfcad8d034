using System.Globalization;

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
            _ when TryParseFunctionCode(operation, out var code) => [code],
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

    private static bool TryParseFunctionCode(string operation, out int code)
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
