using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Fleet;

/// <summary>What the fleet registry holds.</summary>
/// <param name="Name">The fleet's name.</param>
/// <param name="Generation">The generation of the last decided document.</param>
/// <param name="Plants">The plants of the last decided document.</param>
/// <param name="Identities">The identities of the last decided document.</param>
/// <param name="CommittingApplyId">
/// Set while the last decided apply is still being committed: some plants or identities may still hold the previous
/// document, so readers that go to them must say so rather than present a mix as the fleet.
/// </param>
[GenerateSerializer, Immutable, Alias("ztfleet.FleetOverview")]
public sealed record FleetOverview(
    [property: Id(0)] string Name,
    [property: Id(1)] long Generation,
    [property: Id(2)] IReadOnlyList<PlantId> Plants,
    [property: Id(3)] IReadOnlyList<IdentityId> Identities,
    [property: Id(4)] Guid? CommittingApplyId = null);
