using ZtFleet.Policy.Access;

namespace ZtFleet.Grains.Identities;

/// <summary>An identity's fleet-wide runtime state: what the fleet document does not say.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.IdentityRuntime")]
public sealed record IdentityRuntime(
    [property: Id(0)] bool Locked,
    [property: Id(1)] string? LockReason,
    [property: Id(2)] int Trust,
    [property: Id(3)] MfaState? Mfa,
    [property: Id(4)] IReadOnlyList<Grant> Grants,
    [property: Id(5)] bool TotpEnrolled)
{
    /// <summary>A new identity: unlocked, fully trusted until signals say otherwise, no MFA yet, no grants.</summary>
    public static IdentityRuntime Initial { get; } = new(false, null, IdentityAtPlant.DefaultTrust, null, [], false);
}
