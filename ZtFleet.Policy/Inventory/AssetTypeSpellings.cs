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

    private static string Normalize(string text) =>
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
            ("switch", AssetType.NetworkDevice),
            ("router", AssetType.NetworkDevice),
            ("firewall", AssetType.NetworkDevice),
            ("network", AssetType.NetworkDevice),
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
