namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The fixed asset vocabulary; documents write it in kebab-case (<c>safety-controller</c>). Values are stable (they
/// are the protobuf enum's numbers and the bits of a permission's type mask, below 32); new types are appended.
/// <see cref="NetworkDevice"/> stays for network devices that are none of <see cref="Firewall"/>,
/// <see cref="Router"/>, <see cref="Switch"/> and <see cref="WirelessAccessPoint"/>.
/// </summary>
public enum AssetType
{
    Unspecified = 0,
    Plc = 1,
    SafetyController = 2,
    Hmi = 3,
    ScadaServer = 4,
    EngineeringWorkstation = 5,
    Historian = 6,
    Mes = 7,
    Erp = 8,
    Sensor = 9,
    Actuator = 10,
    IiotGateway = 11,
    NetworkDevice = 12,
    Server = 13,
    Workstation = 14,
    Rtu = 15,
    Drive = 16,
    RobotController = 17,
    Ied = 18,
    Firewall = 19,
    Router = 20,
    Switch = 21,
    Camera = 22,
    Ups = 23,
    WirelessAccessPoint = 24,
    Cnc = 25,
    Printer = 26,
}
