using System.Text.Json;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// Compiles the conduits at one zone's boundary into a documented JSON ACL: the same conduits, directions and
/// addresses as <see cref="NftablesRuleset"/>, plus the operations each conduit allows (Modbus function codes
/// expanded), for enforcement points that apply their own rule language or enforce operations. Pure; the same
/// plant, zone and epoch always give the same text.
/// </summary>
public static class JsonAcl
{
    /// <summary>The value of <see cref="JsonAclDocument.Format"/>: the format's name and version.</summary>
    public const string FormatName = "ztfleet-acl/1";

    private const string Forward = "forward";
    private const string Reverse = "reverse";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
    };

    /// <summary>The ACL of the boundary of <paramref name="zone"/> as JSON text (ends with a newline).</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static string Compile(PlantSpec plant, ZoneId zone, long epoch) =>
        JsonSerializer.Serialize(Build(plant, zone, epoch), Options) + "\n";

    /// <summary>The ACL of the boundary of <paramref name="zone"/> as a model.</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static JsonAclDocument Build(PlantSpec plant, ZoneId zone, long epoch)
    {
        var entries = new List<JsonAclEntry>();
        var notOpened = new List<string>();
        foreach (var conduit in BoundaryConduits.Of(plant, zone))
        {
            var fromSide = BoundaryConduits.Addresses(plant, conduit.From, conduit.FromAssetTypes, conduit.FromAssets);
            var toSide = BoundaryConduits.Addresses(plant, conduit.To, conduit.ToAssetTypes, conduit.ToAssets);
            Add(plant, conduit, Forward, conduit.From, conduit.To, fromSide, toSide, entries, notOpened);
            if (conduit.Direction == ConduitDirection.Bidirectional)
            {
                Add(plant, conduit, Reverse, conduit.To, conduit.From, toSide, fromSide, entries, notOpened);
            }
        }

        return new JsonAclDocument(FormatName, plant.Id.Value, zone.Value, epoch, "deny", entries, notOpened);
    }

    private static void Add(
        PlantSpec plant,
        ConduitSpec conduit,
        string direction,
        ZoneId sourceZone,
        ZoneId destinationZone,
        BoundaryConduits.Sides source,
        BoundaryConduits.Sides destination,
        List<JsonAclEntry> entries,
        List<string> notOpened)
    {
        // As in nftables: a family opens only when both sides have an address of it.
        var v4 = source.V4.Count > 0 && destination.V4.Count > 0;
        var v6 = source.V6.Count > 0 && destination.V6.Count > 0;
        if (!v4 && !v6)
        {
            notOpened.Add($"{conduit.Id.Value}:{direction}");
            return;
        }

        var sources = (v4 ? source.V4 : []).Concat(v6 ? source.V6 : []).ToList();
        var destinations = (v4 ? destination.V4 : []).Concat(v6 ? destination.V6 : []).ToList();
        // Into a safety zone only what is listed explicitly (as FlowEngine decides): an operation by its own name (read
        // does not stand for fc3), never a whole IT protocol, nothing along the reverse of a bidirectional conduit.
        var intoSafety = plant.Zones.Any(z => z.Id == destinationZone && z.Kind == ZoneKind.Safety);
        List<string> operations = intoSafety && direction == Reverse ? [] : conduit.Operations.ToList();
        var codes = conduit.Protocol == Protocol.ModbusTcp
            ? operations.Where(o => !intoSafety || o is not ("read" or "write")).SelectMany(ProtocolOperations.ModbusFunctionCodes).Distinct().Order().ToList()
            : [];
        entries.Add(new JsonAclEntry(
            conduit.Id.Value,
            direction,
            sourceZone.Value,
            destinationZone.Value,
            sources,
            destinations,
            InventoryVocabulary.Name(conduit.Protocol),
            BoundaryConduits.Transport(conduit.Protocol),
            conduit.Port,
            operations,
            !intoSafety && !ProtocolOperations.RequiresOperations(conduit.Protocol),
            codes));
    }
}
