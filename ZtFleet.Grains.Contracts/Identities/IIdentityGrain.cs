using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;

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
    /// Records a verified MFA event and tells every plant where the identity may act. Returns the epochs at which
    /// each plant recorded it.
    /// </summary>
    Task<IReadOnlyList<PlantEpoch>> RecordMfaAsync(MfaState mfa, CancellationToken cancellationToken = default);

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

    /// <summary>The TOTP secret and the last accepted time step, or null when not enrolled.</summary>
    Task<(byte[] Secret, long? LastStep)?> GetTotpAsync(CancellationToken cancellationToken = default);

    /// <summary>Records that <paramref name="step"/> was used (replay protection) together with the MFA event.</summary>
    Task<IReadOnlyList<PlantEpoch>> RecordTotpAsync(long step, MfaState mfa, CancellationToken cancellationToken = default);
}
