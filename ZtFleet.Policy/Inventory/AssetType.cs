namespace ZtFleet.Policy.Inventory;

/// <summary>The fixed asset vocabulary; documents write it in kebab-case (<c>safety-controller</c>).</summary>
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
}
