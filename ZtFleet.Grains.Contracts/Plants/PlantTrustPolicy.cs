using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Plants;

/// <summary>What the asset and identity grains of a plant score trust with.</summary>
/// <param name="Settings">The fleet's trust settings (<c>trust:</c>, defaults when absent).</param>
/// <param name="MinTrusts">The distinct <c>minTrust</c> values (1–100) of the fleet's roles' permissions, ascending.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantTrustPolicy")]
public sealed record PlantTrustPolicy(
    [property: Id(0)] TrustSettings Settings,
    [property: Id(1)] IReadOnlyList<int> MinTrusts)
{
    /// <summary>The defaults, for an identity without plants or a plant without a definition.</summary>
    public static PlantTrustPolicy Default { get; } = new(TrustSettings.Default, []);
}
