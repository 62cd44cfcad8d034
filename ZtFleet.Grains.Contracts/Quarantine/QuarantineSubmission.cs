using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Quarantine;

/// <summary>A request to quarantine an asset: where, how far, the quarantine path, why, and who asks.</summary>
/// <param name="AccessFrom">Isolate only: the assets that may still read from the isolated asset.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.QuarantineSubmission")]
public sealed record QuarantineSubmission(
    [property: Id(0)] PlantId Plant,
    [property: Id(1)] AssetId Asset,
    [property: Id(2)] QuarantineMode Mode,
    [property: Id(3)] IReadOnlyList<AssetId> AccessFrom,
    [property: Id(4)] string Reason,
    [property: Id(5)] QuarantineActor RequestedBy)
{
    /// <summary>
    /// A playbook's quarantine: how long it stays in force before it expires by itself
    /// (<see cref="QuarantineRules.Expires"/>); null for a person's, which stays until lifted.
    /// </summary>
    [Id(6)]
    public TimeSpan? TimeToLive { get; init; }
}
