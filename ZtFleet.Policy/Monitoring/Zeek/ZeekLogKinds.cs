namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>The <c>_path</c> / <c>#path</c> names of the logs in <see cref="ZeekLogKind"/>.</summary>
public static class ZeekLogKinds
{
    /// <summary>The log's path as Zeek writes it (<c>conn</c>, <c>modbus</c>, <c>modbus_detailed</c>).</summary>
    public static string PathOf(ZeekLogKind kind) =>
        kind switch
        {
            ZeekLogKind.Conn => "conn",
            ZeekLogKind.Modbus => "modbus",
            ZeekLogKind.ModbusDetailed => "modbus_detailed",
            _ => "(unknown)",
        };

    /// <summary>The kind a <c>_path</c> names, or <see cref="ZeekLogKind.Unknown"/> for any other log.</summary>
    public static ZeekLogKind FromPath(string? path) =>
        path switch
        {
            "conn" => ZeekLogKind.Conn,
            "modbus" => ZeekLogKind.Modbus,
            "modbus_detailed" => ZeekLogKind.ModbusDetailed,
            _ => ZeekLogKind.Unknown,
        };
}
