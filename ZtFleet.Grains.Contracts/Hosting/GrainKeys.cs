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
}
