using ZtFleet.Policy.Inventory;

namespace ZtFleet.Bench.Generation;

/// <summary>
/// Real products, firmware lines and published CVEs of their families that synthetic fleets draw from, so that a
/// generated inventory ranks and filters like a real one (vulnerable firmware, criticality spread, safety assets).
/// </summary>
internal static class ProductCatalog
{
    /// <summary>The automation vendor family a production cell is built from; it decides the cell's protocols.</summary>
    public enum CellFamily
    {
        Siemens,
        Rockwell,
        Schneider,
    }

    public static readonly IReadOnlyList<Product> EnterpriseIt =
    [
        new(AssetType.Workstation, "Dell", "OptiPlex 7010", "Windows 11 Enterprise 23H2", [], 1, "it-infrastructure", "ws", "Office workstation", Oui: null, Weight: 4),
        new(AssetType.Workstation, "Lenovo", "ThinkPad T14", "Windows 11 Enterprise 23H2", [], 1, "it-infrastructure", "ws", "Office workstation", Oui: null, Weight: 4),
        new(AssetType.Server, "Microsoft", "Windows Server 2022", "10.0.20348", [], 2, "it-infrastructure", "srv", "Business server", Oui: Vmware),
        new(AssetType.Erp, "SAP", "S/4HANA 2022", "FPS02", [], 3, "it-business-apps", "erp", "ERP application server", Oui: Vmware),
    ];

    public static readonly IReadOnlyList<Product> Dmz =
    [
        new(AssetType.Server, "Microsoft", "Windows Server 2022", "10.0.20348", [], 4, "ot-security", "jump", "Remote access jump host", Oui: Vmware),
        new(AssetType.Server, "SAP", "Plant Connectivity", "15.5 SP02", [], 3, "it-business-apps", "broker", "ERP integration broker", Oui: Vmware),
        new(AssetType.Historian, "AVEVA", "PI Data Archive", "2018 SP3 Patch 4", ["CVE-2023-31274", "CVE-2023-34348"], 2, "mes-team", "hist", "Historian mirror", Oui: Vmware),
        new(AssetType.NetworkDevice, "Fortinet", "FortiGate 100F", "FortiOS 7.0.11", ["CVE-2023-27997"], 5, "ot-network", "fw", "IT/OT firewall", Oui: "00:09:0F"),
        new(AssetType.Server, "F5", "NGINX Plus", "R31", [], 3, "ot-network", "proxy", "Reverse proxy", Oui: Vmware),
    ];

    public static readonly IReadOnlyList<Product> SiteOperations =
    [
        new(AssetType.Mes, "Siemens", "Opcenter Execution Discrete", "2210 Update 4", [], 4, "mes-team", "mes", "MES server", Oui: Vmware),
        new(AssetType.Historian, "AVEVA", "PI Data Archive", "2018 SP3 Patch 4", ["CVE-2023-31274", "CVE-2023-34348"], 3, "mes-team", "hist", "Plant historian", Oui: Vmware),
        new(AssetType.Historian, "AVEVA", "PI Connector for OPC UA", "2.3.1.101", [], 3, "mes-team", "pi", "Historian collector", Oui: Vmware),
        new(AssetType.Server, "Microsoft", "Windows Server 2019", "10.0.17763", [], 4, "ot-security", "srv", "OT server", Oui: Vmware),
        new(AssetType.NetworkDevice, "Cisco", "Catalyst IE9320", "IOS XE 17.12.2", [], 4, "ot-network", "sw", "OT core switch", Oui: "00:00:0C"),
        new(AssetType.NetworkDevice, "Meinberg", "LANTIME M300", "7.08.007", [], 3, "ot-network", "ntp", "Time server", Oui: null),
    ];

    public static readonly IReadOnlyList<Product> Engineering =
    [
        new(AssetType.EngineeringWorkstation, "Siemens", "SIMATIC Field PG M6", "Windows 10 IoT Enterprise LTSC 2021", [], 4, "controls-engineering", "ews", "Engineering workstation", Oui: null),
        new(AssetType.ScadaServer, "Siemens", "SIMATIC WinCC V7.5", "V7.5 SP2 Update 12", [], 4, "controls-engineering", "scada", "SCADA server", Oui: "28:63:36"),
        new(AssetType.ScadaServer, "Rockwell Automation", "FactoryTalk View SE", "10.00", ["CVE-2020-12027", "CVE-2020-12028", "CVE-2020-12029"], 4, "controls-engineering", "scada", "SCADA server", Oui: Vmware),
        new(AssetType.EngineeringWorkstation, "HP", "Z240 Tower", "Windows 7 Professional SP1", ["CVE-2019-0708"], 4, "controls-engineering", "ews", "Legacy engineering workstation", Oui: null),
        new(AssetType.NetworkDevice, "Siemens", "SCALANCE XC216-4C", "V4.5", [], 3, "ot-network", "sw", "Zone switch", Oui: "00:1B:1B"),
    ];

    public static readonly IReadOnlyDictionary<CellFamily, IReadOnlyList<Product>> Cells = new Dictionary<CellFamily, IReadOnlyList<Product>>
    {
        [CellFamily.Siemens] =
        [
            new(AssetType.Plc, "Siemens", "S7-1516-3 PN/DP", "V2.9.4", ["CVE-2022-38465"], 5, "controls-engineering", "plc", "Line PLC", Oui: "00:1B:1B"),
            new(AssetType.Plc, "Siemens", "S7-1515-2 PN", "V3.1.0", [], 4, "controls-engineering", "plc", "Station PLC", Oui: "00:1B:1B"),
            new(AssetType.Plc, "Siemens", "S7-1215C DC/DC/DC", "V4.4.1", ["CVE-2022-38465", "CVE-2020-15782", "CVE-2019-13945"], 3, "controls-engineering", "plc", "Handling PLC", Oui: "00:1B:1B"),
            new(AssetType.Hmi, "Siemens", "TP1200 Comfort", "V17.0.0.0", [], 3, "production", "hmi", "Operator panel", Oui: "28:63:36", Weight: 2),
            new(AssetType.Drive, "Siemens", "SINAMICS G120 CU250S-2 PN", "V4.7 SP13", [], 3, "maintenance", "drv", "Conveyor drive", Oui: "00:1B:1B", Weight: 3),
            new(AssetType.Drive, "Siemens", "SINAMICS S120 CU320-2 PN", "V5.2 SP3", [], 4, "maintenance", "drv", "Servo drive", Oui: "00:1B:1B", Weight: 2),
            new(AssetType.Sensor, "Cognex", "In-Sight 7802", "6.1.0", [], 2, "quality", "cam", "Vision sensor", Oui: "00:D0:24", Weight: 3),
            new(AssetType.Sensor, "ifm", "AL1342 IO-Link master", "2.3.42", [], 2, "maintenance", "iol", "IO-Link master", Oui: null, Weight: 3),
            new(AssetType.Actuator, "Festo", "CPX-AP-I-PN", "1.6.4", [], 3, "maintenance", "vt", "Valve terminal", Oui: "00:0E:F0", Weight: 3),
            new(AssetType.NetworkDevice, "Siemens", "SCALANCE XC208", "V4.5", [], 3, "ot-network", "sw", "Cell switch", Oui: "00:1B:1B"),
            new(AssetType.IiotGateway, "Siemens", "SIMATIC IOT2050", "1.3.1", [], 2, "mes-team", "gw", "Edge gateway", Oui: "00:1B:1B"),
        ],
        [CellFamily.Rockwell] =
        [
            new(AssetType.Plc, "Rockwell Automation", "ControlLogix 5580 1756-L83E", "32.011", ["CVE-2022-1161", "CVE-2021-22681"], 5, "controls-engineering", "plc", "Line controller", Oui: "00:00:BC"),
            new(AssetType.Plc, "Rockwell Automation", "CompactLogix 5380 5069-L330ER", "33.011", ["CVE-2021-22681"], 4, "controls-engineering", "plc", "Station controller", Oui: "00:00:BC"),
            new(AssetType.Hmi, "Rockwell Automation", "PanelView Plus 7 2711P-T15C22D9P", "12.0", ["CVE-2023-2071"], 3, "production", "hmi", "Operator panel", Oui: "00:00:BC", Weight: 2),
            new(AssetType.Hmi, "Rockwell Automation", "PanelView 5510 2715P-T12CD", "8.011", [], 2, "production", "hmi", "Station panel", Oui: "00:00:BC"),
            new(AssetType.Drive, "Rockwell Automation", "PowerFlex 755", "14.002", [], 3, "maintenance", "drv", "Conveyor drive", Oui: "00:00:BC", Weight: 3),
            new(AssetType.Drive, "Rockwell Automation", "PowerFlex 525", "7.001", [], 2, "maintenance", "drv", "Fan drive", Oui: "00:00:BC", Weight: 2),
            new(AssetType.Sensor, "Cognex", "DataMan 470", "6.1.6", [], 2, "quality", "bcr", "Barcode reader", Oui: "00:D0:24", Weight: 3),
            new(AssetType.Actuator, "Atlas Copco", "Power Focus 6000", "3.6.2", [], 4, "quality", "tq", "Torque controller", Oui: null, Weight: 3),
            new(AssetType.NetworkDevice, "Rockwell Automation", "Stratix 5700", "15.2(7)E8", [], 3, "ot-network", "sw", "Cell switch", Oui: "00:00:BC"),
            new(AssetType.NetworkDevice, "Rockwell Automation", "1756-EN2TR", "11.002", ["CVE-2023-3595"], 4, "controls-engineering", "enet", "EtherNet/IP bridge", Oui: "00:00:BC"),
            new(AssetType.IiotGateway, "Rockwell Automation", "1734-AENTR POINT I/O", "6.012", [], 2, "maintenance", "io", "Remote I/O adapter", Oui: "00:00:BC"),
        ],
        [CellFamily.Schneider] =
        [
            new(AssetType.Plc, "Schneider Electric", "Modicon M580 BMEP582040", "SV3.10", ["CVE-2021-22779", "CVE-2022-45788"], 5, "controls-engineering", "plc", "Line controller", Oui: "00:80:F4"),
            new(AssetType.Plc, "Schneider Electric", "Modicon M580 BMEP584040", "SV4.20", [], 4, "controls-engineering", "plc", "Line controller", Oui: "00:80:F4"),
            new(AssetType.Plc, "Schneider Electric", "Modicon M340 BMXP342020", "SV3.30", ["CVE-2022-45788"], 3, "controls-engineering", "plc", "Station controller", Oui: "00:80:F4"),
            new(AssetType.Hmi, "Schneider Electric", "Harmony ST6 HMIST6500", "2.1", [], 3, "production", "hmi", "Operator panel", Oui: "00:80:F4", Weight: 2),
            new(AssetType.Drive, "Schneider Electric", "Altivar Machine ATV340", "V1.9", [], 2, "maintenance", "drv", "Conveyor drive", Oui: "00:80:F4", Weight: 3),
            new(AssetType.Drive, "Schneider Electric", "Lexium 32M", "V01.26.24", [], 3, "maintenance", "drv", "Servo drive", Oui: "00:80:F4", Weight: 2),
            new(AssetType.Sensor, "Keyence", "SR-X300", "1.3.0", [], 2, "quality", "bcr", "Code reader", Oui: null, Weight: 3),
            new(AssetType.Sensor, "Omron", "E5CC-800", "2.0", [], 3, "maintenance", "tc", "Temperature controller", Oui: "00:00:0A", Weight: 3),
            new(AssetType.Actuator, "SMC", "EX600-SEN3", "1.2", [], 3, "maintenance", "vt", "Valve manifold", Oui: null, Weight: 3),
            new(AssetType.NetworkDevice, "Moxa", "EDS-510E", "5.7", [], 3, "ot-network", "sw", "Cell switch", Oui: "00:90:E8"),
            new(AssetType.IiotGateway, "WAGO", "PFC200 750-8212", "03.10.08", ["CVE-2023-1698"], 3, "mes-team", "gw", "Machine data gateway", Oui: "00:30:DE"),
        ],
    };

    public static readonly IReadOnlyList<Product> Safety =
    [
        new(AssetType.SafetyController, "Siemens", "S7-1516F-3 PN/DP", "V2.9.4", ["CVE-2022-38465"], 5, "ehs-safety", "sc", "Fail-safe CPU", Oui: "00:1B:1B", SafetyRelated: true),
        new(AssetType.SafetyController, "Rockwell Automation", "GuardLogix 5580 1756-L83ES", "32.011", ["CVE-2022-1161", "CVE-2021-22681"], 5, "ehs-safety", "sc", "Safety controller", Oui: "00:00:BC", SafetyRelated: true),
        new(AssetType.SafetyController, "Pilz", "PNOZmulti 2 PNOZ m B1", "1.2", [], 5, "ehs-safety", "sc", "Safety controller", Oui: null, SafetyRelated: true),
        new(AssetType.SafetyController, "HIMA", "HIMax X-CPU 31", "CPU OS V10", [], 5, "ehs-safety", "sis", "Burner management system", Oui: null, SafetyRelated: true),
        new(AssetType.Sensor, "SICK", "deTec4 Core", null, [], 5, "ehs-safety", "lc", "Safety light curtain", Oui: null, SafetyRelated: true, Networked: false, Weight: 4),
        new(AssetType.Sensor, "SICK", "microScan3 Pro", "1.4.0", [], 4, "ehs-safety", "scan", "Safety laser scanner", Oui: "00:06:77", SafetyRelated: true, Weight: 2),
        new(AssetType.Actuator, "ROSS", "DM2 Series C", null, [], 5, "ehs-safety", "vlv", "Clutch/brake safety valve", Oui: null, SafetyRelated: true, Networked: false, Weight: 3),
        new(AssetType.NetworkDevice, "Hirschmann", "RSP35", "HiOS 09.0.04", [], 4, "ehs-safety", "sw", "Safety network switch", Oui: "00:80:63"),
    ];

    private const string Vmware = "00:50:56";

    /// <summary>One product as it appears in an inventory.</summary>
    /// <param name="Oui">The vendor's MAC prefix, or null when the asset's MAC is not recorded.</param>
    /// <param name="Networked">False for field devices wired to I/O that have no IP address.</param>
    /// <param name="Weight">How often the product is drawn relative to the others of its list.</param>
    public sealed record Product(
        AssetType Type,
        string Vendor,
        string Model,
        string? Firmware,
        IReadOnlyList<string> Vulnerabilities,
        int Criticality,
        string Owner,
        string IdPrefix,
        string Label,
        string? Oui,
        bool SafetyRelated = false,
        bool Networked = true,
        int Weight = 1);
}
