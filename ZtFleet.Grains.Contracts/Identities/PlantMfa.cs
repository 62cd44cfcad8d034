using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Grains.Identities;

/// <summary>
/// An MFA that counts at one plant only: asserted by a caller scoped to that plant (an enforcement point there).
/// </summary>
[GenerateSerializer, Immutable, Alias("ztfleet.PlantMfa")]
public sealed record PlantMfa(
    [property: Id(0)] PlantId Plant,
    [property: Id(1)] MfaState Mfa);
