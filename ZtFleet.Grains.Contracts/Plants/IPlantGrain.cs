using ZtFleet.Grains.Propagation;
using ZtFleet.Grains.Zones;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <summary>
/// One plant: its definition (shifts, zones, assets, conduits, flows), the identities that work there, its delta log
/// and epochs, and the queries over them. The plant is the one home of its inventory facts: its zone and asset
/// grains read their facts from it and persist only their own runtime state.
/// </summary>
/// <remarks>
/// Changes arrive in two phases from the fleet grain: <see cref="StageAsync"/> persists the proposed definition
/// without exposing it, <see cref="CommitAsync"/> makes it current. A stage that is never committed is replaced by
/// the next one, so a document that failed half-way leaves every plant as it was.
/// </remarks>
[Alias("ztfleet.IPlantGrain")]
public interface IPlantGrain : IGrainWithStringKey
{
    /// <summary>Persists <paramref name="definition"/> (null: the plant is removed) under <paramref name="applyId"/>.</summary>
    Task StageAsync(Guid applyId, PlantDefinition? definition, CancellationToken cancellationToken = default);

    /// <summary>Makes the definition staged under <paramref name="applyId"/> current; repeating it is harmless.</summary>
    Task CommitAsync(Guid applyId, CancellationToken cancellationToken = default);

    /// <summary>The current definition, or null when the plant does not exist.</summary>
    Task<PlantDefinition?> GetDefinitionAsync(CancellationToken cancellationToken = default);

    /// <summary>The plant without its assets: zones and counts (cheap to ship); null when the plant does not exist.</summary>
    Task<PlantSummaryData?> GetSummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>One asset's inventory facts as the definition in force has them; null when there is no such asset.</summary>
    Task<AssetSpec?> GetAssetAsync(AssetId asset, CancellationToken cancellationToken = default);

    /// <summary>One zone with its member assets and the conduits that touch it; null when there is no such zone.</summary>
    Task<ZoneState?> GetZoneAsync(ZoneId zone, CancellationToken cancellationToken = default);

    /// <summary>Assets matching <paramref name="filter"/>, ordered by id, one page of them.</summary>
    Task<AssetPage> QueryAssetsAsync(AssetFilter filter, int offset, int limit, CancellationToken cancellationToken = default);

    /// <summary>The plant's assets ranked by criticality and exposure, with the reasons, best first.</summary>
    Task<IReadOnlyList<RankedAsset>> RankAssetsAsync(int top, CancellationToken cancellationToken = default);

    /// <summary>What <paramref name="asset"/> could reach if compromised; null when the asset does not exist.</summary>
    Task<BlastRadiusResult?> GetBlastRadiusAsync(AssetId asset, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the runtime state of an identity at this plant as the next delta (persisted in the delta log before
    /// this returns, then published). A retried call with the same <paramref name="idempotencyKey"/> appends
    /// nothing and returns the first call's epoch.
    /// </summary>
    Task<long> UpdateIdentityAsync(IdentityAtPlant identity, string reason, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts <paramref name="quarantine"/> in force for its asset as the next delta (<c>quarantine-changed</c>, with
    /// the plant's whole set), in the delta log before this returns, then published. The asset must be one of the
    /// plant's and hold no other quarantine, except <paramref name="supersedes"/> (a tightening replaces it). A
    /// retried call (same quarantine id) appends nothing and returns the first call's epoch.
    /// </summary>
    /// <exception cref="Refusals.PreconditionFailedException">The plant has no definition, or the asset is unknown or holds another quarantine.</exception>
    Task<long> SetQuarantineAsync(AssetQuarantine quarantine, string? supersedes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lifts quarantine <paramref name="quarantineId"/> of <paramref name="asset"/> as the next delta; a retried call
    /// returns the first call's epoch. Returns the epoch at which the plant no longer holds it.
    /// </summary>
    Task<long> LiftQuarantineAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default);

    /// <summary>The quarantines in force and the current epoch.</summary>
    Task<PlantQuarantines> GetQuarantinesAsync(CancellationToken cancellationToken = default);

    /// <summary>Everything a plant view needs, at the current epoch; null when the plant does not exist.</summary>
    Task<PlantSnapshotData?> GetSnapshotAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Delta log entries after <paramref name="afterEpoch"/>, in order: at most <paramref name="limit"/>, and fewer when
    /// their payloads pass a few megabytes (at least one). Only an empty page means the end of the log.
    /// </summary>
    Task<IReadOnlyList<DeltaRecord>> ReadDeltasAsync(long afterEpoch, int limit, CancellationToken cancellationToken = default);

    /// <summary>The plant's current epoch.</summary>
    Task<long> GetEpochAsync(CancellationToken cancellationToken = default);

    /// <summary>Adds an enforcement point to the plant's registry (idempotent).</summary>
    Task RegisterEnforcementPointAsync(EnforcementPointId enforcementPoint, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends a shift-boundary delta for every shift start, shift end (after the grace) and maintenance-window
    /// boundary that has passed since the last call, so enforcement points drop cached sessions at once. A timer
    /// calls it at each boundary and a reminder as the durable backstop; decisions never depend on it (they are a
    /// pure function of time). Returns the plant's epoch afterwards.
    /// </summary>
    Task<long> EmitDueBoundariesAsync(CancellationToken cancellationToken = default);

    /// <summary>The enforcement points registered at this plant.</summary>
    Task<IReadOnlyList<EnforcementPointId>> ListEnforcementPointsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an asset's new enforced trust tier as an <see cref="AssetTrustChanged"/> delta (its asset grain calls
    /// it on a tier change). A retry with the same key changes nothing. Returns the delta's epoch.
    /// </summary>
    Task<long> SetAssetTrustAsync(AssetTrust trust, string reason, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>The fleet's trust settings and the <c>minTrust</c> values the fleet's roles use, as the plant's definition has them.</summary>
    Task<PlantTrustPolicy> GetTrustPolicyAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The known vulnerabilities of the plant's assets changed (an advisory import or a re-match): the criticality
    /// ranking is computed again at its next read.
    /// </summary>
    Task VulnerabilitiesChangedAsync(CancellationToken cancellationToken = default);
}
