using System.Globalization;
using ZtFleet.Policy.Inventory;
using GrantOperation = ZtFleet.Policy.Access.Operation;

namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// A Modbus function as Zeek names it, in ZtFleet's vocabulary: the operation <c>fcN</c> that the agent's proxy asks
/// the flow engine about for the same request (ZtFleet.Agent/Modbus/ModbusSession.cs), so a <c>modbus.log</c> line
/// and a proxy decision name the same operation.
/// </summary>
/// <param name="Code">The function code on the wire; an exception response has bit 0x80 set (0x83 for FC 3).</param>
public readonly record struct ZeekModbusFunction(int Code)
{
    // Zeek's Modbus::function_codes (zeek/zeek scripts/base/protocols/modbus/consts.zeek). build_func() in
    // scripts/base/protocols/modbus/main.zeek writes the name of the code, the name of the masked code with
    // "_EXCEPTION" for an exception response, or "unknown-N" (N decimal, as on the wire) for a code not in the table.
    private static readonly Dictionary<string, int> Names = new(StringComparer.Ordinal)
    {
        ["READ_COILS"] = 0x01,
        ["READ_DISCRETE_INPUTS"] = 0x02,
        ["READ_HOLDING_REGISTERS"] = 0x03,
        ["READ_INPUT_REGISTERS"] = 0x04,
        ["WRITE_SINGLE_COIL"] = 0x05,
        ["WRITE_SINGLE_REGISTER"] = 0x06,
        ["READ_EXCEPTION_STATUS"] = 0x07,
        ["DIAGNOSTICS"] = 0x08,
        ["GET_COMM_EVENT_COUNTER"] = 0x0B,
        ["GET_COMM_EVENT_LOG"] = 0x0C,
        ["WRITE_MULTIPLE_COILS"] = 0x0F,
        ["WRITE_MULTIPLE_REGISTERS"] = 0x10,
        ["REPORT_SLAVE_ID"] = 0x11,
        ["READ_FILE_RECORD"] = 0x14,
        ["WRITE_FILE_RECORD"] = 0x15,
        ["MASK_WRITE_REGISTER"] = 0x16,
        ["READ_WRITE_MULTIPLE_REGISTERS"] = 0x17,
        ["READ_FIFO_QUEUE"] = 0x18,
        ["ENCAP_INTERFACE_TRANSPORT"] = 0x2B,
        ["OBJECT_MESSAGING"] = 0x5B,
        ["PROGRAM_484"] = 0x09,
        ["POLL_484"] = 0x0A,
        ["PROGRAM_584_984"] = 0x0D,
        ["POLL_584_984"] = 0x0E,
        ["PROGRAM_884_U84"] = 0x12,
        ["RESET_COMM_LINK_884_U84"] = 0x13,
        ["PROGRAM_CONCEPT"] = 0x28,
        ["MULTIPLE_FUNCTION_CODES"] = 0x29,
        ["PROGRAM_UNITY"] = 0x5A,
        ["FIRMWARE_REPLACEMENT"] = 0x7D,
        ["PROGRAM_584_984_2"] = 0x7E,
        ["REPORT_LOCAL_ADDRESS"] = 0x7F,
    };

    private const string ExceptionSuffix = "_EXCEPTION";
    private const string UnknownPrefix = "unknown-";

    /// <summary>The function code of the request (bit 0x80 cleared).</summary>
    public int FunctionCode => Code & 0x7F;

    /// <summary>Whether this is an exception response (bit 0x80 set).</summary>
    public bool IsException => (Code & 0x80) != 0;

    /// <summary>
    /// The operation a proxy decision names for this request: <c>fc</c> and <see cref="FunctionCode"/>
    /// (<c>fc3</c>). <c>fc0</c> is not in the vocabulary (<see cref="ProtocolOperations.IsAllowed"/>), and the flow
    /// engine denies it as an unknown operation, as it would at the proxy.
    /// </summary>
    public string Operation => "fc" + FunctionCode.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the request only reads (<see cref="ProtocolOperations.IsReadOnly"/>: FC 1–4).</summary>
    public bool IsReadOnly => ProtocolOperations.IsReadOnly(Protocol.ModbusTcp, Operation);

    /// <summary>
    /// The class of access the request needs (<see cref="ProtocolOperations.AccessOperation"/>): View for FC 1–4,
    /// Write for every other code.
    /// </summary>
    public GrantOperation Access => ProtocolOperations.AccessOperation(Protocol.ModbusTcp, Operation);

    /// <summary>
    /// Reads a <c>func</c> value as Zeek writes it: a name of <c>Modbus::function_codes</c>, that name with
    /// <c>_EXCEPTION</c>, or <c>unknown-N</c> with N from 0 to 255. False for anything else (including names a site
    /// added with <c>redef</c>).
    /// </summary>
    public static bool TryParse(string? func, out ZeekModbusFunction function)
    {
        function = default;
        if (string.IsNullOrEmpty(func))
        {
            return false;
        }

        if (Names.TryGetValue(func, out var code))
        {
            function = new ZeekModbusFunction(code);
            return true;
        }

        if (func.EndsWith(ExceptionSuffix, StringComparison.Ordinal)
            && Names.TryGetValue(func[..^ExceptionSuffix.Length], out code))
        {
            function = new ZeekModbusFunction(code | 0x80);
            return true;
        }

        if (func.StartsWith(UnknownPrefix, StringComparison.Ordinal)
            && func.Length is > 8 and <= 11
            && func[8..].All(char.IsAsciiDigit)
            && (func.Length == 9 || func[8] != '0')
            && int.TryParse(func.AsSpan(8), NumberStyles.None, CultureInfo.InvariantCulture, out code)
            && code <= 0xFF)
        {
            function = new ZeekModbusFunction(code);
            return true;
        }

        return false;
    }
}
