using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Identities;

/// <summary>An identity's fleet-wide runtime state: what the fleet document does not say.</summary>
/// <remarks>
/// <see cref="Mfa"/> is the last MFA that counts everywhere; <see cref="PlantOnlyMfa"/> holds, per plant, the last one
/// asserted by a caller scoped to that plant, which counts there alone (<see cref="ZtFleet.Policy.Mfa.MfaScope"/>).
/// <see cref="Trust"/> and <see cref="TrustTier"/> are the score and enforced tier last published to the plants (they
/// change only on a tier change or a crossing of a role's <c>minTrust</c>, see <c>docs/trust.md</c>); null tier
/// (state written before tiers existed) reads as trusted.
/// </remarks>
[GenerateSerializer, Immutable, Alias("ztfleet.IdentityRuntime")]
public sealed record IdentityRuntime(
    [property: Id(0)] bool Locked,
    [property: Id(1)] string? LockReason,
    [property: Id(2)] int Trust,
    [property: Id(3)] MfaState? Mfa,
    [property: Id(4)] IReadOnlyList<Grant> Grants,
    [property: Id(5)] bool TotpEnrolled,
    [property: Id(6)] IReadOnlyList<PlantMfa>? PlantOnlyMfa = null,
    [property: Id(7)] TrustTier? TrustTier = null,
    [property: Id(8)] DateTimeOffset? StepUpSince = null)
{
    // StepUpSince: a response step (step-up-mfa) requires an MFA at or after this time before the next decision;
    // an older MFA counts as none until then. Null: no step-up pending.

    /// <summary>The enforced trust tier: <see cref="TrustTier"/>, trusted when none was ever published.</summary>
    public TrustTier EnforcedTier => TrustTier ?? Policy.Monitoring.Trust.TrustTier.Trusted;

    /// <summary>A new identity: unlocked, fully trusted until signals say otherwise, no MFA yet, no grants.</summary>
    public static IdentityRuntime Initial { get; } = new(false, null, IdentityAtPlant.DefaultTrust, null, [], false);
}
