using ZtFleet.Policy.Monitoring.Baselines;

namespace ZtFleet.Tests.Policy.Monitoring.Baselines;

/// <summary>Which operations read, write, program, upload or change the mode, and the technique each class fits.</summary>
public sealed class OtOperationClassesTests
{
    public static TheoryData<string, string, int?, OtOperationClass, string> Operations => new()
    {
        { "modbus-tcp", "fc3", 3, OtOperationClass.Read, "T0801" },
        { "modbus-tcp", "fc4", null, OtOperationClass.Read, "T0801" },          // the code read from the operation
        { "modbus-tcp", "read", null, OtOperationClass.Read, "T0801" },
        { "modbus-tcp", "fc6", 6, OtOperationClass.Write, "T0855" },
        { "modbus-tcp", "write", null, OtOperationClass.Write, "T0855" },
        { "modbus-tcp", "fc23", 23, OtOperationClass.Write, "T0855" },          // read/write multiple writes too
        { "modbus-tcp", "fc43", 43, OtOperationClass.Identify, "T0888" },
        { "modbus-tcp", "fc17", 17, OtOperationClass.Identify, "T0888" },
        { "modbus-tcp", "fc90", 90, OtOperationClass.Program, "T0843" },
        { "modbus-tcp", "fc125", 125, OtOperationClass.Program, "T0843" },
        { "modbus-tcp", "fc126", 126, OtOperationClass.Program, "T0843" },
        { "s7comm", "read", null, OtOperationClass.Read, "T0801" },
        { "s7comm", "write", null, OtOperationClass.Write, "T0855" },
        { "s7comm", "download", null, OtOperationClass.Program, "T0843" },
        { "s7comm", "upload", null, OtOperationClass.Upload, "T0845" },
        { "s7comm", "stop", null, OtOperationClass.Mode, "T0858" },
        { "s7comm", "start", null, OtOperationClass.Mode, "T0858" },
        { "opc-ua", "browse", null, OtOperationClass.Read, "T0801" },
        { "opc-ua", "call", null, OtOperationClass.Write, "T0855" },
        { "ethernet-ip", "program-download", null, OtOperationClass.Program, "T0843" },
        { "dnp3", "direct-operate", null, OtOperationClass.Write, "T0855" },
        { "unknown-protocol", "anything", null, OtOperationClass.Write, "T0855" }, // what cannot be classified is not a read
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public void Operations_are_classified_with_their_technique(string protocol, string operation, int? code, OtOperationClass expected, string technique)
    {
        var actual = OtOperationClasses.Of(protocol, operation, code);

        Assert.Equal(expected, actual);
        Assert.Equal(technique, OtOperationClasses.Technique(actual).Id);
        Assert.Equal(expected is OtOperationClass.Program or OtOperationClass.Upload or OtOperationClass.Mode, OtOperationClasses.IsEngineering(actual));
    }

    [Fact]
    public void The_technique_catalogue_has_unique_well_formed_ids()
    {
        Assert.Equal(AttackForIcs.All.Count, AttackForIcs.All.Select(t => t.Id).Distinct().Count());
        Assert.All(AttackForIcs.All, t => Assert.Matches("^T0[0-9]{3}$", t.Id));
        Assert.Equal("https://attack.mitre.org/techniques/T0843/", AttackForIcs.ProgramDownload.Url);
    }
}
