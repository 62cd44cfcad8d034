namespace ZtFleet.Agent.Modbus;

/// <summary>The first address and the quantity a Modbus request's PDU names, for the function codes that have them.</summary>
public static class ModbusRequestFields
{
    /// <summary>
    /// Reads the address and quantity of a request frame: FC 1–4, 15, 16 (starting address, quantity), FC 5 and 6
    /// (the address; quantity 1), FC 23 (the write's starting address and quantity: the part that changes the device).
    /// False for other function codes, and for a PDU too short to hold them.
    /// </summary>
    public static bool TryRead(MbapFrame request, out int address, out int quantity)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pdu = request.Bytes.AsSpan(MbapParser.HeaderLength); // function code first
        (address, quantity) = (0, 0);
        switch (request.FunctionCode)
        {
            case 1 or 2 or 3 or 4 or 15 or 16 when pdu.Length >= 5:
                address = Word(pdu, 1);
                quantity = Word(pdu, 3);
                return true;
            case 5 or 6 when pdu.Length >= 5:
                address = Word(pdu, 1);
                quantity = 1;
                return true;
            case 23 when pdu.Length >= 9:
                address = Word(pdu, 5);
                quantity = Word(pdu, 7);
                return true;
            default:
                return false;
        }
    }

    private static int Word(ReadOnlySpan<byte> pdu, int offset) => (pdu[offset] << 8) | pdu[offset + 1];
}
