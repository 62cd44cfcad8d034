namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The spellings of asset types found in OT monitoring and CMDB exports, compared after dropping case, spaces and
/// punctuation ("Safety Controller", "safety_controller" and "SAFETY-CONTROLLER" are one spelling).
/// </summary>
internal static class AssetTypeSpellings
{
    private static readonly Dictionary<string, AssetType> Spellings = Build();

    public static bool TryParse(string? text, out AssetType type)
    {
        type = AssetType.Unspecified;
        return text is not null && Spellings.TryGetValue(Normalize(text), out type);
    }

    /// <summary>The form spellings are compared in: letters and digits only, lower case.</summary>
    public static string Normalize(string text) =>
        string.Concat(text.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static Dictionary<string, AssetType> Build()
    {
        var spellings = new Dictionary<string, AssetType>(StringComparer.Ordinal);
        foreach (var type in Enum.GetValues<AssetType>())
        {
            if (InventoryVocabulary.TryName(type, out var name))
            {
                spellings[Normalize(name)] = type;
            }
        }

        (string Spelling, AssetType Type)[] aliases =
        [
            ("programmable logic controller", AssetType.Plc),
            ("controller", AssetType.Plc),
            ("safety plc", AssetType.SafetyController),
            ("sis", AssetType.SafetyController),
            ("safety instrumented system", AssetType.SafetyController),
            ("human machine interface", AssetType.Hmi),
            ("operator panel", AssetType.Hmi),
            ("operator station", AssetType.Hmi),
            ("scada", AssetType.ScadaServer),
            ("ews", AssetType.EngineeringWorkstation),
            ("engineering station", AssetType.EngineeringWorkstation),
            ("manufacturing execution system", AssetType.Mes),
            ("iot gateway", AssetType.IiotGateway),
            ("gateway", AssetType.IiotGateway),
            ("edge gateway", AssetType.IiotGateway),
            ("network", AssetType.NetworkDevice),
            ("network switch", AssetType.Switch),
            ("ethernet switch", AssetType.Switch),
            ("industrial switch", AssetType.Switch),
            ("managed switch", AssetType.Switch),
            ("l2 switch", AssetType.Switch),
            ("l3 switch", AssetType.Switch),
            ("fw", AssetType.Firewall),
            ("ngfw", AssetType.Firewall),
            ("industrial firewall", AssetType.Firewall),
            ("security appliance", AssetType.Firewall),
            ("cellular router", AssetType.Router),
            ("industrial router", AssetType.Router),
            ("access point", AssetType.WirelessAccessPoint),
            ("wireless ap", AssetType.WirelessAccessPoint),
            ("wap", AssetType.WirelessAccessPoint),
            ("ap", AssetType.WirelessAccessPoint),
            ("wlan access point", AssetType.WirelessAccessPoint),
            ("robot", AssetType.RobotController),
            ("robot controller", AssetType.RobotController),
            ("robotic controller", AssetType.RobotController),
            ("industrial robot", AssetType.RobotController),
            ("intelligent electronic device", AssetType.Ied),
            ("protection relay", AssetType.Ied),
            ("protective relay", AssetType.Ied),
            ("relay", AssetType.Ied),
            ("bay controller", AssetType.Ied),
            ("ip camera", AssetType.Camera),
            ("cctv", AssetType.Camera),
            ("cctv camera", AssetType.Camera),
            ("machine vision", AssetType.Camera),
            ("vision system", AssetType.Camera),
            ("uninterruptible power supply", AssetType.Ups),
            ("cnc machine", AssetType.Cnc),
            ("cnc controller", AssetType.Cnc),
            ("machine tool", AssetType.Cnc),
            ("label printer", AssetType.Printer),
            ("network printer", AssetType.Printer),
            ("dcs", AssetType.Plc),
            ("dcs controller", AssetType.Plc),
            ("pac", AssetType.Plc),
            ("io module", AssetType.Plc),
            ("remote io", AssetType.Plc),
            ("server", AssetType.Server),
            ("virtual machine", AssetType.Server),
            ("vm", AssetType.Server),
            ("drive controller", AssetType.Drive),
            ("servo drive", AssetType.Drive),
            ("frequency inverter", AssetType.Drive),
            ("inverter", AssetType.Drive),
            ("pc", AssetType.Workstation),
            ("remote terminal unit", AssetType.Rtu),
            ("vfd", AssetType.Drive),
            ("variable frequency drive", AssetType.Drive),
            ("frequency converter", AssetType.Drive),
        ];
        foreach (var (spelling, type) in aliases)
        {
            spellings[Normalize(spelling)] = type;
        }

        return spellings;
    }
}
