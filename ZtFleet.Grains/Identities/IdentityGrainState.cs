using ZtFleet.Grains.Hosting;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Mfa;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Identities;

/// <summary>Persisted state of an identity grain: the document's spec (current and staged) and runtime facts.</summary>
[GenerateSerializer, Alias("ztfleet.IdentityGrainState")]
public sealed class IdentityGrainState : TwoPhaseState<IdentitySpec>
{
    [Id(4)]
    public IdentityRuntime Runtime { get; set; } = IdentityRuntime.Initial;

    /// <summary>A runtime change decided but not yet confirmed by every plant; finished on activation.</summary>
    [Id(5)]
    public PendingRuntimeChange? Pending { get; set; }

    [Id(6)]
    public byte[]? TotpSecret { get; set; }

    [Id(7)]
    public long? TotpLastStep { get; set; }

    /// <summary>
    /// The TOTP attempt limiter's memory. Written when a lockout starts and with every other write of this row, not
    /// for each refused code (see <see cref="IdentityGrain.AssertTotpAsync"/>).
    /// </summary>
    [Id(8)]
    public AttemptState TotpAttempts { get; set; } = AttemptState.Initial;

    /// <summary>
    /// The factors that lower the identity's trust (null: none yet). MFA failures below a lockout are kept in memory
    /// and written with the next write of this row, like the attempt limiter's memory.
    /// </summary>
    [Id(9)]
    public List<TrustFactor>? TrustFactors { get; set; }

    /// <summary>The enforced tier and the hysteresis' memory; null: never scored (trusted).</summary>
    [Id(10)]
    public TrustTierState? TrustTier { get; set; }

    /// <summary>Since when the score has been past a role's <c>minTrust</c> the published score is not (null: not).</summary>
    [Id(11)]
    public DateTimeOffset? TrustThresholdPendingSince { get; set; }
}
