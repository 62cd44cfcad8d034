namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// The Zeek logs ZtFleet reads. A line says which log it belongs to through its <c>_path</c> field (present when
/// Zeek writes to a shared sink or a shipper adds it), the TSV format through its <c>#path</c> header; otherwise the
/// caller names the log.
/// </summary>
public enum ZeekLogKind
{
    /// <summary>Not known: neither the caller nor the line says which log it is.</summary>
    Unknown = 0,

    /// <summary><c>conn.log</c>, Zeek's <c>Conn::Info</c> (scripts/base/protocols/conn/main.zeek).</summary>
    Conn = 1,

    /// <summary><c>modbus.log</c>, Zeek's <c>Modbus::Info</c> (scripts/base/protocols/modbus/main.zeek).</summary>
    Modbus = 2,

    /// <summary>
    /// <c>modbus_detailed.log</c>, ICSNPP-Modbus's <c>Modbus_Extended::Modbus_Detailed</c> (cisagov/icsnpp-modbus
    /// scripts/main.zeek), the log OT sensors such as Malcolm write.
    /// </summary>
    ModbusDetailed = 3,
}
