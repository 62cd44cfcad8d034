using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Policy.Monitoring.Baselines;

/// <summary>
/// The MITRE ATT&amp;CK for ICS techniques ZtFleet's detectors name, with their names exactly as ATT&amp;CK writes them
/// (<c>https://attack.mitre.org/techniques/ics/</c>).
/// </summary>
public static class AttackForIcs
{
    /// <summary>T0801: reading process values to learn the process (a new read function code).</summary>
    public static AttackTechnique MonitorProcessState { get; } = new("T0801", "Monitor Process State");

    /// <summary>T0814: making a device or service unavailable.</summary>
    public static AttackTechnique DenialOfService { get; } = new("T0814", "Denial of Service");

    /// <summary>T0815: keeping operators from seeing the process (a polling link gone silent).</summary>
    public static AttackTechnique DenialOfView { get; } = new("T0815", "Denial of View");

    /// <summary>T0836: changing a setpoint or parameter (a write outside the registers a peer writes).</summary>
    public static AttackTechnique ModifyParameter { get; } = new("T0836", "Modify Parameter");

    /// <summary>T0839: loading firmware onto a module of a device.</summary>
    public static AttackTechnique ModuleFirmware { get; } = new("T0839", "Module Firmware");

    /// <summary>T0843: downloading a program (logic) to a controller.</summary>
    public static AttackTechnique ProgramDownload { get; } = new("T0843", "Program Download");

    /// <summary>T0845: uploading a controller's program.</summary>
    public static AttackTechnique ProgramUpload { get; } = new("T0845", "Program Upload");

    /// <summary>T0846: looking for other systems on the network.</summary>
    public static AttackTechnique RemoteSystemDiscovery { get; } = new("T0846", "Remote System Discovery");

    /// <summary>T0848: a master the device has never had sending it commands.</summary>
    public static AttackTechnique RogueMaster { get; } = new("T0848", "Rogue Master");

    /// <summary>T0855: a command message the device is not meant to get from that sender.</summary>
    public static AttackTechnique UnauthorizedCommandMessage { get; } = new("T0855", "Unauthorized Command Message");

    /// <summary>T0857: loading new system firmware onto a device.</summary>
    public static AttackTechnique SystemFirmware { get; } = new("T0857", "System Firmware");

    /// <summary>T0858: putting a controller into stop, program or remote mode.</summary>
    public static AttackTechnique ChangeOperatingMode { get; } = new("T0858", "Change Operating Mode");

    /// <summary>T0861: collecting the points and tags of a controller (reads outside the usual ranges).</summary>
    public static AttackTechnique PointAndTagIdentification { get; } = new("T0861", "Point & Tag Identification");

    /// <summary>T0886: remote services (SSH, RDP, SMB) used to move into OT.</summary>
    public static AttackTechnique RemoteServices { get; } = new("T0886", "Remote Services");

    /// <summary>T0888: asking a device what it is (Modbus FC 17 report server id, FC 43 read device identification).</summary>
    public static AttackTechnique RemoteSystemInformationDiscovery { get; } = new("T0888", "Remote System Information Discovery");

    /// <summary>Every technique of the catalogue, by id.</summary>
    public static IReadOnlyList<AttackTechnique> All { get; } =
    [
        MonitorProcessState, DenialOfService, DenialOfView, ModifyParameter, ModuleFirmware, ProgramDownload, ProgramUpload,
        RemoteSystemDiscovery, RogueMaster, UnauthorizedCommandMessage, SystemFirmware, ChangeOperatingMode,
        PointAndTagIdentification, RemoteServices, RemoteSystemInformationDiscovery,
    ];
}
