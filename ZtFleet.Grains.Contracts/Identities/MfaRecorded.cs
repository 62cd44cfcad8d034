using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Identities;

/// <summary>A recorded MFA event and the epochs at which the plants where it counts recorded it.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.MfaRecorded")]
public sealed record MfaRecorded(
    [property: Id(0)] MfaState Mfa,
    [property: Id(1)] IReadOnlyList<PlantEpoch> Epochs);
