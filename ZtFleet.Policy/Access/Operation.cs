namespace ZtFleet.Policy.Access;

/// <summary>
/// What an identity wants to do to a target. Documents write it in kebab-case (<c>remote-session</c>).
/// <see cref="Write"/>, <see cref="Program"/>, <see cref="Configure"/> and <see cref="RemoteSession"/> are dangerous
/// (<see cref="OperationExtensions.IsDangerous"/>). <see cref="Unspecified"/> and undefined values are always denied.
/// </summary>
public enum Operation
{
    Unspecified = 0,

    /// <summary>Read values, browse, subscribe, upload a program for backup.</summary>
    View = 1,

    /// <summary>Run the process through its intended interface: acknowledge alarms, start and stop a line from an HMI.</summary>
    Operate = 2,

    /// <summary>Change values: setpoints, recipes, registers (Modbus FC 5/6/15/16, OPC UA Write, S7 write var).</summary>
    Write = 3,

    /// <summary>Change logic: program or firmware download, PLC stop/start for a download.</summary>
    Program = 4,

    /// <summary>Change the configuration of a device: network settings, drive parameters, safety parameters.</summary>
    Configure = 5,

    /// <summary>An interactive session (RDP, SSH, VNC, vendor tools) on the target: the usual attack path into OT.</summary>
    RemoteSession = 6,
}
