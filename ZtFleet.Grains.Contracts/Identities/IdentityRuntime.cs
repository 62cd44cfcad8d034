using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Identities;

/// <summary>An identity's fleet-wide runtime state: what the fleet document does not say.</summary>
/// <remarks>
/// <see cref="Mfa"/> is the last MFA that counts everywhere; <see cref="PlantOnlyMfa"/> holds, per plant, the last one
/// asserted by a caller scoped to that plant, which counts there alone (<see cref="ZtFleet.Policy.Mfa.MfaScope"/>).
/// </remarks>
[GenerateSerializer, Immutable, Alias("ztfleet.IdentityRuntime")]
public sealed record IdentityRuntime(
    [property: Id(0)] bool Locked,
    [property: Id(1)] string? LockReason,
    [property: Id(2)] int Trust,
    [property: Id(3)] MfaState? Mfa,
    [property: Id(4)] IReadOnlyList<Grant> Grants,
    [property: Id(5)] bool TotpEnrolled,
    [property: Id(6)] IReadOnlyList<PlantMfa>? PlantOnlyMfa = null)
{
    /// <summary>A new identity: unlocked, fully trusted until signals say otherwise, no MFA yet, no grants.</summary>
    public static IdentityRuntime Initial { get; } = new(false, null, IdentityAtPlant.DefaultTrust, null, [], false);
}
