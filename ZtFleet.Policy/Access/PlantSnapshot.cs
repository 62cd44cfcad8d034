using System.Diagnostics.CodeAnalysis;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Access;

/// <summary>
/// An immutable view of everything a decision at one plant needs, as of one plant <see cref="Epoch"/>: the plant's
/// zones, assets, shifts, maintenance windows and time zone, the fleet's roles and policy, and the identities that
/// may act there. Built once, then moved forward with <see cref="Apply"/>; decided on with
/// <see cref="Engine.Decide"/>.
/// </summary>
/// <remarks>
/// Every identity's candidates (its grants at this plant, then its roles' permissions in role definition order) are
/// compiled when the snapshot is built, so a decision is a couple of dictionary lookups and a short loop. An identity
/// delta copies the identity table and shares the rest; a definition change rebuilds everything. Safe to read from
/// any number of threads.
/// </remarks>
public sealed class PlantSnapshot
{
    private readonly PlantModel _model;
    private readonly Dictionary<IdentityId, IdentityEntry> _identities;

    /// <summary>The assets whose enforced trust tier is below trusted (the others are trusted).</summary>
    private readonly Dictionary<AssetId, AssetTrust> _assetTrust;

    private PlantSnapshot(PlantModel model, Dictionary<IdentityId, IdentityEntry> identities, long epoch, QuarantineIndex quarantines, long segmentationEpoch, Dictionary<AssetId, AssetTrust> assetTrust)
    {
        _model = model;
        _identities = identities;
        _assetTrust = assetTrust;
        Epoch = epoch;
        QuarantineIndex = quarantines;
        SegmentationEpoch = segmentationEpoch;
    }

    /// <summary>The plant.</summary>
    public PlantId Plant => _model.Plant;

    /// <summary>The plant's definition the snapshot was built from.</summary>
    public PlantSpec Definition => _model.Definition;

    /// <summary>The plant's time zone (shifts and maintenance windows are local to it).</summary>
    public TimeZoneInfo TimeZone => _model.TimeZone;

    /// <summary>The fleet's role definitions.</summary>
    public IReadOnlyList<RoleSpec> Roles => _model.RoleSpecs;

    /// <summary>The fleet's access settings.</summary>
    public FleetPolicy Policy => _model.Policy;

    /// <summary>The plant epoch this snapshot reflects.</summary>
    public long Epoch { get; }

    /// <summary>The assets in quarantine, by asset id (only assets of the current definition).</summary>
    public IReadOnlyList<AssetQuarantine> Quarantines => QuarantineIndex.All;

    /// <summary>
    /// The epoch of the last change of the plant's segmentation (its definition or its quarantines): the version of
    /// every ruleset compiled from this snapshot, which identity changes and shift boundaries do not move.
    /// </summary>
    public long SegmentationEpoch { get; }

    /// <summary>The identities that may act at the plant.</summary>
    public IEnumerable<IdentityAtPlant> Identities => _identities.Values.Select(e => e.Identity);

    /// <summary>The assets whose enforced trust tier is below trusted, by asset id (every other asset is trusted).</summary>
    public IReadOnlyList<AssetTrust> AssetTrust => _assetTrust.Values.OrderBy(t => t.Asset.Value, StringComparer.Ordinal).ToList();

    /// <summary>The number of identities that may act at the plant.</summary>
    public int IdentityCount => _identities.Count;

    /// <summary>The plant's maintenance windows.</summary>
    public IReadOnlyList<ShiftCalendar> MaintenanceWindows => _model.MaintenanceWindows;

    internal PlantModel Model => _model;

    internal QuarantineIndex QuarantineIndex { get; }

    /// <summary>Builds a snapshot.</summary>
    /// <param name="plant">The plant's definition (a valid one: its time zone must be known to the system).</param>
    /// <param name="roles">The fleet's role definitions, in definition order.</param>
    /// <param name="policy">The fleet's access settings.</param>
    /// <param name="identities">The identities that may act at the plant; a repeated id keeps the last one.</param>
    /// <param name="epoch">The plant epoch the state reflects.</param>
    /// <param name="quarantines">The assets in quarantine (those of assets the plant does not have are dropped).</param>
    /// <param name="segmentationEpoch">The epoch of the last definition or quarantine change; 0: <paramref name="epoch"/>.</param>
    /// <param name="assetTrust">The enforced trust tiers of assets (those not listed, and trusted ones, are trusted).</param>
    /// <exception cref="TimeZoneNotFoundException">The plant's time zone is unknown.</exception>
    public static PlantSnapshot Create(
        PlantSpec plant,
        IReadOnlyList<RoleSpec> roles,
        FleetPolicy policy,
        IEnumerable<IdentityAtPlant> identities,
        long epoch,
        IReadOnlyList<AssetQuarantine>? quarantines = null,
        long segmentationEpoch = 0,
        IReadOnlyList<AssetTrust>? assetTrust = null)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(identities);
        var model = new PlantModel(plant, roles, policy);
        var table = new Dictionary<IdentityId, IdentityEntry>();
        foreach (var identity in identities)
        {
            ArgumentNullException.ThrowIfNull(identity, nameof(identities));
            table[identity.Id] = new IdentityEntry(identity, model);
        }

        var trust = new Dictionary<AssetId, AssetTrust>();
        foreach (var entry in assetTrust ?? [])
        {
            if (entry is not null && entry.Tier != TrustTier.Trusted)
            {
                trust[entry.Asset] = entry;
            }
        }

        return new PlantSnapshot(model, table, epoch, QuarantineIndex.Build(quarantines ?? [], model), segmentationEpoch == 0 ? epoch : segmentationEpoch, trust);
    }

    /// <summary>
    /// The snapshot of one plant of a fleet document: its identities as assigned there (see
    /// <see cref="IdentityAtPlant.From"/>), with the document's roles and policy.
    /// </summary>
    public static PlantSnapshot FromDocument(FleetDocument fleet, PlantId plant, long epoch)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        var spec = fleet.Plants.FirstOrDefault(p => p.Id == plant)
            ?? throw new ArgumentException($"plant {plant} is not in the document", nameof(plant));
        var identities = fleet.Identities.Select(i => IdentityAtPlant.From(i, plant)).OfType<IdentityAtPlant>();
        return Create(spec, fleet.DefinedRoles, fleet.EffectivePolicy, identities, epoch);
    }

    /// <summary>The identity's state at the plant, when it may act here.</summary>
    public bool TryGetIdentity(IdentityId id, [MaybeNullWhen(false)] out IdentityAtPlant identity)
    {
        if (_identities.TryGetValue(id, out var entry))
        {
            identity = entry.Identity;
            return true;
        }

        identity = null;
        return false;
    }

    /// <summary>An asset of the plant.</summary>
    public bool TryGetAsset(AssetId id, [MaybeNullWhen(false)] out AssetSpec asset)
    {
        asset = _model.Assets.GetValueOrDefault(id)?.AssetSpec;
        return asset is not null;
    }

    /// <summary>The enforced trust tier of an asset: trusted unless a delta lowered it.</summary>
    public TrustTier TrustTierOf(AssetId asset) => _assetTrust.TryGetValue(asset, out var trust) ? trust.Tier : TrustTier.Trusted;

    /// <summary>A zone of the plant.</summary>
    public bool TryGetZone(ZoneId id, [MaybeNullWhen(false)] out ZoneSpec zone)
    {
        zone = _model.Zones.GetValueOrDefault(id)?.ZoneSpec;
        return zone is not null;
    }

    /// <summary>The calendar of a shift of the plant.</summary>
    public bool TryGetShift(string id, [MaybeNullWhen(false)] out ShiftCalendar shift) =>
        _model.Shifts.TryGetValue(id, out shift);

    /// <summary>
    /// The snapshot after <paramref name="delta"/>. A delta of this epoch or older is a duplicate and returns this
    /// snapshot; a delta that skips an epoch throws <see cref="DeltaGapException"/> (resynchronise); otherwise the
    /// result has the delta's epoch.
    /// </summary>
    /// <exception cref="DeltaGapException">The delta's epoch is not <see cref="Epoch"/> + 1.</exception>
    /// <exception cref="ArgumentException">The delta is about another plant.</exception>
    public PlantSnapshot Apply(PlantDelta delta)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (delta.Epoch <= Epoch)
        {
            return this;
        }

        if (delta.Epoch != Epoch + 1)
        {
            throw new DeltaGapException(Epoch + 1, delta.Epoch);
        }

        switch (delta)
        {
            case PlantDefinitionChanged changed:
                if (changed.Plant.Id != Plant)
                {
                    throw new ArgumentException($"delta for plant {changed.Plant.Id} applied to plant {Plant}", nameof(delta));
                }

                var model = new PlantModel(changed.Plant, changed.Roles ?? [], changed.Policy ?? FleetPolicy.Default);
                var rebuilt = new Dictionary<IdentityId, IdentityEntry>(_identities.Count);
                foreach (var (id, entry) in _identities)
                {
                    rebuilt[id] = new IdentityEntry(entry.Identity, model);
                }

                return new PlantSnapshot(model, rebuilt, delta.Epoch, QuarantineIndex.Build(Quarantines, model), delta.Epoch, _assetTrust);

            case IdentityChanged changed:
                ArgumentNullException.ThrowIfNull(changed.Identity, nameof(delta));
                var withIdentity = new Dictionary<IdentityId, IdentityEntry>(_identities)
                {
                    [changed.Identity.Id] = new IdentityEntry(changed.Identity, _model),
                };
                return new PlantSnapshot(_model, withIdentity, delta.Epoch, QuarantineIndex, SegmentationEpoch, _assetTrust);

            case IdentityRemoved removed:
                var withoutIdentity = new Dictionary<IdentityId, IdentityEntry>(_identities);
                withoutIdentity.Remove(removed.Identity);
                return new PlantSnapshot(_model, withoutIdentity, delta.Epoch, QuarantineIndex, SegmentationEpoch, _assetTrust);

            case ShiftBoundary:
                return new PlantSnapshot(_model, _identities, delta.Epoch, QuarantineIndex, SegmentationEpoch, _assetTrust);

            case QuarantineChanged changed:
                return new PlantSnapshot(_model, _identities, delta.Epoch, QuarantineIndex.Build(changed.Quarantines ?? [], _model), delta.Epoch, _assetTrust);

            case AssetTrustChanged changed:
                // Trust does not change the plant's segmentation: rulesets keep their version.
                ArgumentNullException.ThrowIfNull(changed.Trust, nameof(delta));
                var withTrust = new Dictionary<AssetId, AssetTrust>(_assetTrust);
                if (changed.Trust.Tier == TrustTier.Trusted)
                {
                    withTrust.Remove(changed.Trust.Asset);
                }
                else
                {
                    withTrust[changed.Trust.Asset] = changed.Trust;
                }

                return new PlantSnapshot(_model, _identities, delta.Epoch, QuarantineIndex, SegmentationEpoch, withTrust);

            default:
                throw new NotSupportedException($"unknown delta {delta.GetType().Name}");
        }
    }

    /// <summary>Applies deltas in order (see <see cref="Apply"/>).</summary>
    public PlantSnapshot ApplyAll(IEnumerable<PlantDelta> deltas)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        var snapshot = this;
        foreach (var delta in deltas)
        {
            snapshot = snapshot.Apply(delta);
        }

        return snapshot;
    }

    internal bool TryGetEntry(IdentityId id, [MaybeNullWhen(false)] out IdentityEntry entry) =>
        _identities.TryGetValue(id, out entry);
}
