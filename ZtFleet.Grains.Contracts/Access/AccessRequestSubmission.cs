using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Access;

/// <summary>A request for temporary access: who, where, what, when, and why.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.AccessRequestSubmission")]
public sealed record AccessRequestSubmission(
    [property: Id(0)] IdentityId Identity,
    [property: Id(1)] PlantId Plant,
    [property: Id(2)] IReadOnlyList<Operation> Operations,
    [property: Id(3)] IReadOnlyList<ZoneId> Zones,
    [property: Id(4)] IReadOnlyList<AssetId> Assets,
    [property: Id(5)] DateTimeOffset NotBefore,
    [property: Id(6)] DateTimeOffset NotAfter,
    [property: Id(7)] string Justification,
    [property: Id(8)] string WorkOrder,
    [property: Id(9)] string RequestedBy);
