using System.Text.Json;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// Compiles the conduits at the boundaries an enforcement point guards into a documented JSON ACL: the same entries as
/// <see cref="NftablesRuleset"/> (conduits, directions, addresses, quarantines), plus the operations each allows
/// (Modbus function codes expanded) and its conditions, for enforcement points that apply their own rule language or
/// enforce operations. Pure; the same scope always gives the same text.
/// </summary>
public static class JsonAcl
{
    /// <summary>The value of <see cref="JsonAclDocument.Format"/>: the format's name and version.</summary>
    public const string FormatName = "ztfleet-acl/1";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        NewLine = "\n",
    };

    /// <summary>The ACL of the boundary of one zone of a plant definition as JSON text (ends with a newline).</summary>
    /// <exception cref="ArgumentException">The zone is not one of the plant's.</exception>
    public static string Compile(PlantSpec plant, ZoneId zone, long epoch) => Compile(RulesetScope.Of(plant, zone, epoch));

    /// <summary>The ACL of a scope as JSON text (ends with a newline).</summary>
    public static string Compile(RulesetScope scope) => JsonSerializer.Serialize(Build(scope), Options) + "\n";

    /// <summary>The ACL of a scope as a model.</summary>
    public static JsonAclDocument Build(RulesetScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var notOpened = new List<string>();
        var entries = BoundaryConduits.Entries(scope, notOpened).Select(ToAcl).ToList();
        return new JsonAclDocument(FormatName, scope.Plant.Id.Value, [.. scope.Zones.Select(z => z.Value)], scope.Epoch, "deny", entries, notOpened);
    }

    private static JsonAclEntry ToAcl(BoundaryConduits.Entry entry)
    {
        // As in nftables: a family opens only when both sides have an address of it.
        var sources = (entry.HasV4 ? entry.Sources.V4 : []).Concat(entry.HasV6 ? entry.Sources.V6 : []).ToList();
        var destinations = (entry.HasV4 ? entry.Destinations.V4 : []).Concat(entry.HasV6 ? entry.Destinations.V6 : []).ToList();
        var conditions = entry.Conditions is { } c
            ? new JsonAclConditions(c.MaintenanceWindow, [.. (c.Roles ?? []).Order(StringComparer.Ordinal)], c.ActiveGrant)
            : null;
        return new JsonAclEntry(
            entry.Conduit.Id.Value,
            entry.Direction,
            entry.SourceZone.Value,
            entry.DestinationZone.Value,
            sources,
            destinations,
            InventoryVocabulary.Name(entry.Conduit.Protocol),
            BoundaryConduits.Transport(entry.Conduit.Protocol),
            entry.Conduit.Port,
            entry.Operations,
            entry.AllOperations,
            entry.FunctionCodes,
            entry.Restriction,
            conditions);
    }
}
