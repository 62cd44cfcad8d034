using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Access;

/// <summary>
/// A starting set of role definitions for a manufacturing fleet, written out in <c>demo/fleet.yaml</c>: people on
/// shift operate and maintain the cells, engineers change logic only with fresh MFA (program downloads only in a
/// maintenance window), vendors get standing read access and everything else through temporary grants, service
/// accounts read. Generators and tests use it so their fleets validate; a real fleet writes its own.
/// </summary>
public static class StandardRoles
{
    private static readonly ZoneKind[] Supervisory = [ZoneKind.OtSupervisory];
    private static readonly ZoneKind[] Cells = [ZoneKind.OtControl];
    private static readonly ZoneKind[] Production = [ZoneKind.OtSupervisory, ZoneKind.OtControl];
    private static readonly ZoneKind[] AllOt = [ZoneKind.OtSupervisory, ZoneKind.OtControl, ZoneKind.Safety];

    /// <summary>The roles, sorted by id.</summary>
    public static IReadOnlyList<RoleSpec> All { get; } =
    [
        Role(
            "backup-operator",
            "OT backup agent: reads programs and configurations of every OT device for backup.",
            Permit([Operation.View], AllOt)),
        Role(
            "control-engineer",
            "Changes PLC, HMI and SCADA logic: fresh MFA; program downloads only in a maintenance window.",
            Permit([Operation.View], AllOt),
            Permit([Operation.Write, Operation.Configure], Production, Controllers, new PermissionConditions(MfaMaxAgeMinutes: 15)),
            Permit([Operation.Program], Production, Controllers, new PermissionConditions(MfaMaxAgeMinutes: 15, MaintenanceWindow: true)),
            Permit([Operation.RemoteSession], Supervisory, [AssetType.EngineeringWorkstation], new PermissionConditions(MfaMaxAgeMinutes: 15))),
        Role(
            "erp-integration",
            "ERP connector (SAP Plant Connectivity): reads and posts production orders on the MES.",
            Permit([Operation.View, Operation.Write], [ZoneKind.Dmz, ZoneKind.OtSupervisory], [AssetType.Mes, AssetType.Server])),
        Role(
            "historian-collector",
            "Historian collector service: reads process values.",
            Permit([Operation.View], Production)),
        Role(
            "maintenance-engineer",
            "Maintains the cells on shift: operates and writes with fresh MFA, configures devices in a maintenance window.",
            Permit([Operation.View], AllOt, [], new PermissionConditions(OnShift: true)),
            Permit([Operation.Operate, Operation.Write], Cells, FieldDevices, new PermissionConditions(OnShift: true, MfaMaxAgeMinutes: 30)),
            Permit([Operation.Configure], Cells, [AssetType.Drive, AssetType.Sensor, AssetType.Actuator, AssetType.NetworkDevice, AssetType.Switch, AssetType.WirelessAccessPoint, AssetType.IiotGateway, AssetType.Camera, AssetType.Ups], new PermissionConditions(OnShift: true, MfaMaxAgeMinutes: 30, MaintenanceWindow: true))),
        Role(
            "maintenance-technician",
            "Contract technician on shift: views the cells, operates and writes field devices with fresh MFA and good trust.",
            Permit([Operation.View], Cells, [], new PermissionConditions(OnShift: true)),
            Permit([Operation.Operate, Operation.Write], Cells, [AssetType.Drive, AssetType.Actuator, AssetType.Sensor], new PermissionConditions(OnShift: true, MfaMaxAgeMinutes: 30, MinTrust: 60))),
        Role(
            "mes-reader",
            "MES service account: reads production counters and states.",
            Permit([Operation.View], Production, [AssetType.Plc, AssetType.Hmi, AssetType.ScadaServer, AssetType.Historian, AssetType.IiotGateway, AssetType.Mes])),
        Role(
            "operator",
            "Runs production from the HMIs and SCADA of the plant while on shift.",
            Permit([Operation.View], Production, [], new PermissionConditions(OnShift: true)),
            Permit([Operation.Operate], Production, [AssetType.Hmi, AssetType.ScadaServer], new PermissionConditions(OnShift: true))),
        Role(
            "ot-security",
            "OT security team: sees everything, reconfigures network and security devices with fresh MFA.",
            Permit([Operation.View], []),
            Permit([Operation.Configure, Operation.RemoteSession], [], [AssetType.NetworkDevice, AssetType.Firewall, AssetType.Router, AssetType.Switch, AssetType.WirelessAccessPoint, AssetType.Server], new PermissionConditions(MfaMaxAgeMinutes: 15))),
        Role(
            "safety-engineer",
            "Safety engineering: views safety systems; changes them only with fresh MFA, high trust, in a maintenance window.",
            Permit([Operation.View], AllOt),
            Permit([Operation.Program, Operation.Configure], [ZoneKind.Safety], [AssetType.SafetyController], new PermissionConditions(MfaMaxAgeMinutes: 15, MaintenanceWindow: true, MinTrust: 80))),
        Role(
            "shift-supervisor",
            "Leads a shift: operates the plant and changes setpoints with fresh MFA while on shift.",
            Permit([Operation.View], AllOt, [], new PermissionConditions(OnShift: true)),
            Permit([Operation.Operate], Production, [], new PermissionConditions(OnShift: true)),
            Permit([Operation.Write], Production, [AssetType.Hmi, AssetType.ScadaServer], new PermissionConditions(OnShift: true, MfaMaxAgeMinutes: 60))),
        Role(
            "vendor-support",
            "Vendor technician: standing read access to supervisory systems with MFA; anything more through a temporary grant.",
            Permit([Operation.View], Supervisory, [], new PermissionConditions(MfaMaxAgeMinutes: 60, MinTrust: 50))),
    ];

    private static AssetType[] Controllers => [AssetType.Plc, AssetType.Hmi, AssetType.ScadaServer, AssetType.Rtu, AssetType.Drive, AssetType.RobotController, AssetType.Ied, AssetType.Cnc];

    private static AssetType[] FieldDevices => [AssetType.Plc, AssetType.Drive, AssetType.Actuator, AssetType.Sensor, AssetType.Hmi, AssetType.Rtu, AssetType.RobotController, AssetType.Ied, AssetType.Cnc];

    private static RoleSpec Role(string id, string description, params PermissionSpec[] permissions) =>
        new(id, description, permissions);

    private static PermissionSpec Permit(
        Operation[] operations, ZoneKind[] zoneKinds, AssetType[]? assetTypes = null, PermissionConditions? conditions = null) =>
        new(operations, Array.Empty<ZoneId>(), zoneKinds, assetTypes ?? [], Array.Empty<AssetId>(), conditions ?? PermissionConditions.None);
}
