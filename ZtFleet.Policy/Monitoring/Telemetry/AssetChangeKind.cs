namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>What changed on an asset. <see cref="Unspecified"/> is not a valid value.</summary>
public enum AssetChangeKind
{
    Unspecified = 0,

    /// <summary>New firmware was loaded.</summary>
    Firmware = 1,

    /// <summary>The control program (logic) was downloaded or changed.</summary>
    Program = 2,

    /// <summary>The controller's mode changed (run, program, stop, remote).</summary>
    Mode = 3,

    /// <summary>The asset appeared with a MAC address the inventory does not have.</summary>
    NewMac = 4,

    /// <summary>The asset appeared with an IP address the inventory does not have.</summary>
    NewIp = 5,
}
