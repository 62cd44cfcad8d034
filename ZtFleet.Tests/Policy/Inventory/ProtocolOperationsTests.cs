using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class ProtocolOperationsTests
{
    [Theory]
    [InlineData(Protocol.ModbusTcp, "read", true)]
    [InlineData(Protocol.ModbusTcp, "fc1", true)]
    [InlineData(Protocol.ModbusTcp, "fc127", true)]
    [InlineData(Protocol.ModbusTcp, "fc0", false)]
    [InlineData(Protocol.ModbusTcp, "fc128", false)]
    [InlineData(Protocol.ModbusTcp, "fc03", false)]
    [InlineData(Protocol.ModbusTcp, "FC3", false)]
    [InlineData(Protocol.S7comm, "download", true)]
    [InlineData(Protocol.S7comm, "browse", false)]
    [InlineData(Protocol.OpcUa, "call", true)]
    [InlineData(Protocol.Dnp3, "direct-operate", true)]
    [InlineData(Protocol.Dnp3, "warm-restart", true)]
    [InlineData(Protocol.EtherNetIp, "program-download", true)]
    [InlineData(Protocol.Iec104, "interrogation", true)]
    [InlineData(Protocol.BacnetIp, "write-property", true)]
    [InlineData(Protocol.Mqtt, "publish", true)]
    [InlineData(Protocol.Mqtt, "read", false)]
    [InlineData(Protocol.Ssh, "read", false)]
    public void Operations_are_checked_against_the_protocol_vocabulary(Protocol protocol, string operation, bool allowed)
    {
        Assert.Equal(allowed, ProtocolOperations.IsAllowed(protocol, operation));
    }

    [Fact]
    public void Modbus_read_and_write_stand_for_their_function_codes()
    {
        Assert.Equal([1, 2, 3, 4], ProtocolOperations.ModbusFunctionCodes("read"));
        Assert.Equal([5, 6, 15, 16], ProtocolOperations.ModbusFunctionCodes("write"));
        Assert.Equal([23], ProtocolOperations.ModbusFunctionCodes("fc23"));
        Assert.Empty(ProtocolOperations.ModbusFunctionCodes("browse"));
    }

    [Fact]
    public void Ot_protocols_require_operations_and_it_protocols_have_none()
    {
        var ot = new[] { Protocol.ModbusTcp, Protocol.S7comm, Protocol.EtherNetIp, Protocol.OpcUa, Protocol.Dnp3, Protocol.Iec104, Protocol.BacnetIp, Protocol.Mqtt };

        Assert.All(ot, p => Assert.True(ProtocolOperations.RequiresOperations(p)));
        Assert.All(Enum.GetValues<Protocol>().Except(ot), p => Assert.False(ProtocolOperations.RequiresOperations(p)));
    }

    [Fact]
    public void Every_protocol_has_a_default_port()
    {
        Assert.All(
            Enum.GetValues<Protocol>().Where(p => p != Protocol.Unspecified),
            p => Assert.InRange(ProtocolOperations.DefaultPort(p), 1, 65535));
        Assert.Equal(502, ProtocolOperations.DefaultPort(Protocol.ModbusTcp));
        Assert.Equal(44818, ProtocolOperations.DefaultPort(Protocol.EtherNetIp));
        Assert.Equal(8883, ProtocolOperations.DefaultPort(Protocol.Mqtt));
    }

    [Fact]
    public void Every_enumeration_value_but_unspecified_has_a_document_spelling_that_parses_back()
    {
        AssertRoundTrip<AssetType>();
        AssertRoundTrip<ZoneKind>();
        AssertRoundTrip<Protocol>();
        AssertRoundTrip<ConduitDirection>();
        AssertRoundTrip<IdentityKind>();
        AssertRoundTrip<PurdueLevel>();

        static void AssertRoundTrip<TEnum>()
            where TEnum : struct, Enum
        {
            foreach (var value in Enum.GetValues<TEnum>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0))
            {
                Assert.True(InventoryVocabulary.TryParse<TEnum>(InventoryVocabulary.Name(value), out var parsed));
                Assert.Equal(value, parsed);
            }
        }
    }
}
