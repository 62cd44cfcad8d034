using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Zeek;

namespace ZtFleet.Tests.Policy.Monitoring.Zeek;

/// <summary>
/// Zeek's function names (scripts/base/protocols/modbus/consts.zeek, build_func in main.zeek) in ZtFleet's vocabulary:
/// the operation is the one the agent's proxy passes to the flow engine (<c>fc</c> and the request's code).
/// </summary>
public sealed class ZeekModbusFunctionTests
{
    public static TheoryData<string, int, string, bool, Operation> Cases => new()
    {
        { "READ_COILS", 0x01, "fc1", false, Operation.View },
        { "READ_INPUT_REGISTERS", 0x04, "fc4", false, Operation.View },
        { "WRITE_SINGLE_COIL", 0x05, "fc5", false, Operation.Write },
        { "WRITE_MULTIPLE_REGISTERS", 0x10, "fc16", false, Operation.Write },
        { "DIAGNOSTICS", 0x08, "fc8", false, Operation.Write },
        { "READ_WRITE_MULTIPLE_REGISTERS", 0x17, "fc23", false, Operation.Write },
        { "PROGRAM_UNITY", 0x5A, "fc90", false, Operation.Write },
        { "REPORT_LOCAL_ADDRESS", 0x7F, "fc127", false, Operation.Write },
        { "READ_HOLDING_REGISTERS_EXCEPTION", 0x83, "fc3", true, Operation.View },
        { "WRITE_SINGLE_REGISTER_EXCEPTION", 0x86, "fc6", true, Operation.Write },
        { "unknown-29", 29, "fc29", false, Operation.Write },
        { "unknown-156", 156, "fc28", true, Operation.Write },
        { "unknown-0", 0, "fc0", false, Operation.Write },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_zeek_function_name_maps_to_the_proxy_operation(string name, int code, string operation, bool exception, Operation access)
    {
        Assert.True(ZeekModbusFunction.TryParse(name, out var function));

        Assert.Equal(code, function.Code);
        Assert.Equal(operation, function.Operation);
        Assert.Equal(exception, function.IsException);
        Assert.Equal(access, function.Access);
        Assert.Equal(ProtocolOperations.IsReadOnly(Protocol.ModbusTcp, operation), function.IsReadOnly);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("read_coils")]
    [InlineData("READ_COILS_EXCEPTION_EXCEPTION")]
    [InlineData("unknown-")]
    [InlineData("unknown-256")]
    [InlineData("unknown-029")]
    [InlineData("unknown--1")]
    [InlineData("SITE_SPECIFIC_FUNCTION")]
    public void Other_names_are_not_functions(string? name)
    {
        Assert.False(ZeekModbusFunction.TryParse(name, out _));
    }

    [Fact]
    public void Every_named_request_code_is_an_operation_of_the_vocabulary()
    {
        foreach (var code in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 40, 41, 43, 90, 91, 125, 126, 127 })
        {
            Assert.True(ProtocolOperations.IsAllowed(Protocol.ModbusTcp, new ZeekModbusFunction(code).Operation));
        }
    }
}
