using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>Classifies OT operations for the baseline detectors, and the ATT&amp;CK technique each class fits.</summary>
/// <remarks>
/// Modbus FC 90 is Schneider's UMAS, which carries engineering sessions (program transfer, start/stop) but also the
/// reads of Unity's online monitoring; without the UMAS sub-function ZtFleet counts every FC 90 as programming, so an
/// engineering workstation's monitoring session makes it one of the asset's programmers.
/// </remarks>
public static class OtOperationClasses
{
    /// <summary>
    /// The class of an operation: Modbus by function code (90, 125, 126 program; 17, 43 identify; 1–4 read; the
    /// rest write), other protocols by their vocabulary (<see cref="ProtocolOperations"/>): S7 <c>download</c> program,
    /// <c>upload</c> upload, <c>stop</c>/<c>start</c> mode, reads as <see cref="ProtocolOperations.IsReadOnly"/>
    /// says, anything else write.
    /// </summary>
    public static OtOperationClass Of(string? protocol, string operation, int? functionCode = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        InventoryVocabulary.TryParse<Protocol>(protocol, out var parsed);
        if (parsed == Protocol.ModbusTcp || functionCode is not null)
        {
            var code = functionCode ?? (ProtocolOperations.ModbusFunctionCodes(operation) is [var single] ? single : 0);
            return code switch
            {
                90 or 125 or 126 => OtOperationClass.Program,
                17 or 43 => OtOperationClass.Identify,
                >= 1 and <= 4 => OtOperationClass.Read,
                0 when operation == "read" => OtOperationClass.Read,
                _ => OtOperationClass.Write,
            };
        }

        return (parsed, operation) switch
        {
            (Protocol.S7comm, "download") or (Protocol.EtherNetIp, "program-download") => OtOperationClass.Program,
            (Protocol.S7comm, "upload") => OtOperationClass.Upload,
            (Protocol.S7comm, "stop" or "start") => OtOperationClass.Mode,
            _ when ProtocolOperations.IsReadOnly(parsed, operation) => OtOperationClass.Read,
            _ => OtOperationClass.Write,
        };
    }

    /// <summary>Whether the class is engineering: what makes a source one of the asset's programmers.</summary>
    public static bool IsEngineering(OtOperationClass value) =>
        value is OtOperationClass.Program or OtOperationClass.Upload or OtOperationClass.Mode;

    /// <summary>Whether the class changes the controller's program or mode (checked against maintenance windows).</summary>
    public static bool IsChange(OtOperationClass value) => value is OtOperationClass.Program or OtOperationClass.Mode;

    /// <summary>Whether the class leaves the process as it is.</summary>
    public static bool IsReadOnly(OtOperationClass value) => value is OtOperationClass.Read or OtOperationClass.Identify or OtOperationClass.Upload;

    /// <summary>The technique an unexpected operation of the class fits.</summary>
    public static AttackTechnique Technique(OtOperationClass value) => value switch
    {
        OtOperationClass.Read => AttackForIcs.MonitorProcessState,
        OtOperationClass.Identify => AttackForIcs.RemoteSystemInformationDiscovery,
        OtOperationClass.Program => AttackForIcs.ProgramDownload,
        OtOperationClass.Upload => AttackForIcs.ProgramUpload,
        OtOperationClass.Mode => AttackForIcs.ChangeOperatingMode,
        _ => AttackForIcs.UnauthorizedCommandMessage,
    };

    /// <summary>The word used in sentences: <c>read</c>, <c>identify</c>, <c>write</c>, <c>program</c>, <c>upload</c>, <c>mode change</c>.</summary>
    public static string Word(OtOperationClass value) => value switch
    {
        OtOperationClass.Read => "read",
        OtOperationClass.Identify => "identify",
        OtOperationClass.Program => "program",
        OtOperationClass.Upload => "upload",
        OtOperationClass.Mode => "mode change",
        _ => "write",
    };
}
