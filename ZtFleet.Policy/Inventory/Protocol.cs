namespace ZtFleet.Policy.Inventory;

/// <summary>Protocols a conduit or flow can carry; documents write them in kebab-case (<c>modbus-tcp</c>).</summary>
public enum Protocol
{
    Unspecified = 0,
    ModbusTcp = 1,
    S7comm = 2,
    EtherNetIp = 3,
    OpcUa = 4,
    Dnp3 = 5,
    Iec104 = 6,
    BacnetIp = 7,
    Mqtt = 8,
    Ssh = 9,
    Rdp = 10,
    Smb = 11,
    Https = 12,
    Http = 13,
    Dns = 14,
    Ntp = 15,
    Syslog = 16,
    Sql = 17,
}
