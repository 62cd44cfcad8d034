using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Grains.Trust;

namespace ZtFleet.Grains.Identities;

/// <summary>One identity of the fleet (a person or a service account), keyed by its id.</summary>
/// <remarks>Changes arrive in two phases from the fleet grain, as for plants.</remarks>
[Alias("ztfleet.IIdentityGrain")]
public interface IIdentityGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="spec"/> (null: removed) under <paramref name="applyId"/>.</summary>
    Task StageAsync(Guid applyId, IdentitySpec? spec, CancellationToken cancellationToken = default);

    /// <summary>Makes the staged spec current; repeating it is harmless.</summary>
    Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default);

    /// <summary>The identity, or null when it does not exist.</summary>
    Task<IdentitySpec?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Runtime state: lock, trust, last MFA, grants.</summary>
    Task<IdentityRuntime> GetRuntimeAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a verified MFA event and tells the plants where it counts: every plant where the identity may act, or
    /// only <paramref name="onlyAt"/> (see <see cref="ZtFleet.Policy.Mfa.MfaScope"/>). Returns the epochs at which each
    /// plant recorded it.
    /// </summary>
    /// <param name="mfa">The verified MFA.</param>
    /// <param name="onlyAt">The plants where it counts; null for every plant.</param>
    /// <param name="cancellationToken">The call's token.</param>
    Task<IReadOnlyList<PlantEpoch>> RecordMfaAsync(MfaState mfa, IReadOnlyList<PlantId>? onlyAt, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requires a fresh MFA: until the identity presents an MFA at or after <paramref name="since"/>, every decision
    /// about it at every plant is a deny with the step-up obligation. Idempotent per key.
    /// </summary>
    Task<IReadOnlyList<PlantEpoch>> RequireStepUpAsync(DateTimeOffset since, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Withdraws a step-up requirement (its time to live ended). Idempotent per key.</summary>
    Task<IReadOnlyList<PlantEpoch>> ClearStepUpAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Locks the identity fleet-wide at once: every plant, every grant. Idempotent per key.</summary>
    Task<IReadOnlyList<PlantEpoch>> LockAsync(string reason, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Lifts a lock. Idempotent per key.</summary>
    Task<IReadOnlyList<PlantEpoch>> UnlockAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Adds an approved temporary grant; plants learn of it before this returns.</summary>
    Task<IReadOnlyList<PlantEpoch>> AddGrantAsync(Grant grant, CancellationToken cancellationToken = default);

    /// <summary>Removes a grant (revoked or expired); plants learn of it before this returns.</summary>
    Task<IReadOnlyList<PlantEpoch>> RemoveGrantAsync(string grantId, string reason, CancellationToken cancellationToken = default);

    /// <summary>Creates (or replaces) the identity's TOTP secret; returns the secret for the enrollment URI.</summary>
    Task<byte[]> EnrollTotpAsync(byte[] secret, CancellationToken cancellationToken = default);

    /// <summary>
    /// Checks a TOTP code against the identity's secret (which never leaves this grain) and, when it is right and
    /// newer than the last one used, records the MFA as <see cref="RecordMfaAsync"/> does. The attempt limits, the
    /// replay check and the verification happen in one turn, so concurrent guesses from many API processes are
    /// counted as one sequence.
    /// </summary>
    /// <param name="code">The code as typed.</param>
    /// <param name="onlyAt">The plants where the MFA counts; null for every plant.</param>
    /// <param name="actor">Who asserts it (the caller), for the audit and the lockout event.</param>
    /// <param name="cancellationToken">The call's token.</param>
    /// <exception cref="ZtFleet.Grains.Refusals.InvalidRequestException">
    /// Not enrolled (<c>identity_id</c>), or the code is malformed, wrong or replayed (<c>totp_code</c>).
    /// </exception>
    /// <exception cref="ZtFleet.Grains.Refusals.LimitExceededException">
    /// Too many refused codes: the identity is locked out of TOTP until the time the message names, even for a right
    /// code. The failure that starts a lockout gets this too.
    /// </exception>
    Task<MfaRecorded> AssertTotpAsync(string code, IReadOnlyList<PlantId>? onlyAt, string actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends a TOTP lockout early and forgets the refused codes and earlier lockouts (the next lockout is the shortest
    /// again). Returns when the lifted lockout would have ended, or null when none was in force.
    /// </summary>
    Task<DateTimeOffset?> ClearTotpLockoutAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds a trust factor, or replaces the one of the same kind and source; one the grain already holds changes nothing.</summary>
    Task SetTrustFactorAsync(TrustFactor factor, CancellationToken cancellationToken = default);

    /// <summary>Removes the trust factor of this kind and source, if present.</summary>
    Task RemoveTrustFactorAsync(TrustFactorKind kind, string source, CancellationToken cancellationToken = default);

    /// <summary>
    /// The identity's trust score now, explained, with its enforced tier. Scoring also observes the score for the
    /// enforced tier (as the decay timer does), so a change that is due reaches the plants before this returns.
    /// </summary>
    Task<TrustReport> GetTrustAsync(CancellationToken cancellationToken = default);
}
