using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Hosting;

/// <summary>The one place that turns identifiers into grain keys.</summary>
public static class GrainKeys
{
    /// <summary>The single fleet grain's key.</summary>
    public const string Fleet = "fleet";

    public static string Plant(PlantId plant) => plant.Value;

    public static string Zone(PlantId plant, ZoneId zone) => $"{plant.Value}/{zone.Value}";

    public static string Asset(PlantId plant, AssetId asset) => $"{plant.Value}/{asset.Value}";

    public static string Identity(IdentityId identity) => identity.Value;

    /// <summary>A quarantine workflow: its id is unique within its plant.</summary>
    public static string Quarantine(PlantId plant, string quarantineId) => $"{plant.Value}/{quarantineId}";

    /// <summary>A telemetry sender (an enforcement point or sensor id) at its plant.</summary>
    public static string TelemetrySender(PlantId plant, EnforcementPointId sender) => $"{plant.Value}/{sender.Value}";

    /// <summary>The plant and sender of a telemetry sender grain's key.</summary>
    public static (PlantId Plant, EnforcementPointId Sender) ParseTelemetrySender(string key)
    {
        var (plant, sender) = Split(key);
        return (PlantId.Parse(plant), EnforcementPointId.Parse(sender));
    }

    /// <summary>The plant and zone of a zone grain's key.</summary>
    public static (PlantId Plant, ZoneId Zone) ParseZone(string key)
    {
        var (plant, zone) = Split(key);
        return (PlantId.Parse(plant), ZoneId.Parse(zone));
    }

    /// <summary>The plant and asset of an asset grain's key.</summary>
    public static (PlantId Plant, AssetId Asset) ParseAsset(string key)
    {
        var (plant, asset) = Split(key);
        return (PlantId.Parse(plant), AssetId.Parse(asset));
    }

    private static (string Plant, string Local) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? (key[..slash], key[(slash + 1)..]) : throw new FormatException($"'{key}' is not a plant-scoped grain key.");
    }
}
