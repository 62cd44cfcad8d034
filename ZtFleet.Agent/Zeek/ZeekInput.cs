using ZtFleet.Policy.Monitoring.Zeek;

namespace ZtFleet.Agent.Zeek;

/// <summary>One log the adapter reads: a file, or standard input (<c>-</c>), and which Zeek log it is.</summary>
/// <param name="Path">The file, or <c>-</c> for standard input.</param>
/// <param name="Kind">The log; <see cref="ZeekLogKind.Unknown"/> leaves it to each line's <c>_path</c> (or TSV's <c>#path</c>).</param>
public sealed record ZeekInput(string Path, ZeekLogKind Kind)
{
    /// <summary>Standard input's path.</summary>
    public const string StandardInput = "-";

    /// <summary>Whether this is standard input.</summary>
    public bool IsStandardInput => Path == StandardInput;

    /// <summary>
    /// Reads <c>--log</c>'s value: <c>PATH</c> (the log is named by the file: <c>conn*.log</c>, <c>modbus_detailed*.log</c>,
    /// <c>modbus*.log</c>) or <c>KIND=PATH</c> with KIND <c>conn</c>, <c>modbus</c> or <c>modbus_detailed</c>
    /// (<c>modbus_detailed=-</c> for standard input). Null with a reason when it is neither.
    /// </summary>
    public static ZeekInput? Parse(string value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "--log needs a file or -";
            return null;
        }

        var separator = value.IndexOf('=', StringComparison.Ordinal);
        if (separator > 0)
        {
            var kind = ZeekLogKinds.FromPath(value[..separator]);
            if (kind == ZeekLogKind.Unknown)
            {
                error = $"--log {value}: the log must be conn, modbus or modbus_detailed";
                return null;
            }

            return new ZeekInput(value[(separator + 1)..], kind);
        }

        return new ZeekInput(value, KindOfFile(value));
    }

    /// <summary>The log a file name names (<c>modbus_detailed.log</c>, <c>conn.2025-01-01-00-00-00.log</c>, <c>conn.log.gz</c> is not read).</summary>
    public static ZeekLogKind KindOfFile(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        return name.StartsWith("modbus_detailed", StringComparison.Ordinal) ? ZeekLogKind.ModbusDetailed
            : name.StartsWith("modbus.", StringComparison.Ordinal) ? ZeekLogKind.Modbus
            : name.StartsWith("conn.", StringComparison.Ordinal) ? ZeekLogKind.Conn
            : ZeekLogKind.Unknown;
    }
}
