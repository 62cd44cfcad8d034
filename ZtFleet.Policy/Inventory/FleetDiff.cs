using ZtFleet.Policy.Access;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// What applying a fleet document changes: <c>current</c> is what the fleet holds now, <c>desired</c> the document.
/// </summary>
/// <remarks>
/// <para>
/// With <c>prune</c>, the document is the whole fleet: plants and identities it does not mention are removed, and a
/// removed plant lists everything in it as removed too. Without <c>prune</c>, only the plants the document mentions
/// are reconciled (inside those, zones, assets, conduits and flows the document omits are removed: a plant section is
/// always complete), identities it mentions are added or updated and the others are left alone.
/// </para>
/// <para>
/// Lists are compared by content, not order (reordering operations or days is no change). Changes are ordered by
/// plant id, then <see cref="EntityKind"/>, then id (ordinal), then the fleet-wide identities, roles and policy;
/// identical fleets give no change. Both sides are expected to be valid documents: with duplicated ids the first
/// occurrence counts.
/// </para>
/// <para>
/// Roles follow the identities' rule (with <c>prune</c> the document's roles are all the roles; without, the ones it
/// has are added or replaced). The policy is one entity, <c>policy</c>, only ever <see cref="ChangeKind.Changed"/>:
/// a document without a <c>policy:</c> section keeps the current settings, or with <c>prune</c> restores the defaults.
/// </para>
/// <para>
/// The <c>response:</c> section follows the policy's rule as a whole (absent: kept, or with <c>prune</c> the
/// defaults, no playbooks); when present it is complete: its playbooks replace the current ones, listed as
/// <see cref="EntityKind.Playbook"/> changes after the policy, and its other settings as a policy change with id
/// <c>response</c>.
/// </para>
/// <para>
/// The <c>compliance:</c> section follows the same rule; its attestations are listed as
/// <see cref="EntityKind.Attestation"/> changes (id <see cref="AttestationId"/>) after the playbooks.
/// </para>
/// </remarks>
public static class FleetDiff
{
    /// <summary>The changes that turn <paramref name="current"/> into what <paramref name="desired"/> asks for.</summary>
    public static IReadOnlyList<EntityChange> Compute(FleetDocument current, FleetDocument desired, bool prune)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var changes = new List<EntityChange>();
        var currentPlants = ById(current.Plants, p => p.Id.Value);
        var desiredPlants = ById(desired.Plants, p => p.Id.Value);
        foreach (var id in currentPlants.Keys.Union(desiredPlants.Keys).Order(StringComparer.Ordinal))
        {
            currentPlants.TryGetValue(id, out var before);
            desiredPlants.TryGetValue(id, out var after);
            if (after is not null)
            {
                DiffPlant(before, after, changes);
            }
            else if (prune && before is not null)
            {
                AddAll(ChangeKind.Removed, before, changes);
            }
        }

        var currentIdentities = ById(current.Identities, i => i.Id.Value);
        var desiredIdentities = ById(desired.Identities, i => i.Id.Value);
        Diff(
            EntityKind.Identity,
            null,
            prune ? currentIdentities : currentIdentities.Where(i => desiredIdentities.ContainsKey(i.Key)).ToDictionary(),
            desiredIdentities,
            SpecComparison.IdentityFields,
            changes);

        var currentRoles = ById(current.Roles, r => r.Id);
        var desiredRoles = ById(desired.Roles, r => r.Id);
        Diff(
            EntityKind.Role,
            null,
            prune ? currentRoles : currentRoles.Where(r => desiredRoles.ContainsKey(r.Key)).ToDictionary(),
            desiredRoles,
            SpecComparison.RoleFields,
            changes);

        var policyFields = SpecComparison.PolicyFields(current.EffectivePolicy, ResultingPolicy(current, desired, prune) ?? FleetPolicy.Default);
        if (policyFields.Count > 0)
        {
            changes.Add(new EntityChange(ChangeKind.Changed, EntityKind.Policy, null, PolicyId, policyFields));
        }

        var trustFields = TrustFields(current.EffectiveTrust, ResultingTrust(current, desired, prune) ?? TrustSettings.Default);
        if (trustFields.Count > 0)
        {
            changes.Add(new EntityChange(ChangeKind.Changed, EntityKind.Policy, null, TrustId, trustFields));
        }

        // The response: section is complete, like a plant section: its playbooks replace the current ones whole.
        var resultingResponse = ResultingResponse(current, desired, prune) ?? ResponseSettings.Default;
        var responseFields = SpecComparison.ResponseFields(current.EffectiveResponse, resultingResponse);
        if (responseFields.Count > 0)
        {
            changes.Add(new EntityChange(ChangeKind.Changed, EntityKind.Policy, null, ResponseId, responseFields));
        }

        Diff(
            EntityKind.Playbook,
            null,
            ById(current.EffectiveResponse.Playbooks, p => p.Id),
            ById(resultingResponse.Playbooks, p => p.Id),
            SpecComparison.PlaybookFields,
            changes);

        // The compliance: section is complete like response:, its attestations listed one by one.
        var resultingCompliance = ResultingCompliance(current, desired, prune) ?? ComplianceSettings.Default;
        Diff(
            EntityKind.Attestation,
            null,
            ById(current.EffectiveCompliance.Attestations, AttestationId),
            ById(resultingCompliance.Attestations, AttestationId),
            AttestationFields,
            changes);
        return changes;
    }

    /// <summary>
    /// The id an attestation is listed under: <see cref="ComplianceAttestations.Key"/> and its time
    /// (<c>SR 7.5@berlin/cell-1 at 2026-11-01T00:00:00Z</c>); a renewed attestation (a new <c>at</c>) is a new entity.
    /// </summary>
    public static string AttestationId(ComplianceAttestation attestation)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        return $"{ComplianceAttestations.Key(attestation)} at {attestation.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}";
    }

    private static IReadOnlyList<string> AttestationFields(ComplianceAttestation before, ComplianceAttestation after)
    {
        var fields = new List<string>();
        if (!string.Equals(before.By, after.By, StringComparison.Ordinal))
        {
            fields.Add("by");
        }

        if (!string.Equals(before.Evidence, after.Evidence, StringComparison.Ordinal))
        {
            fields.Add("evidence");
        }

        if (before.Expires != after.Expires)
        {
            fields.Add("expires");
        }

        return fields;
    }

    private static ComplianceSettings? ResultingCompliance(FleetDocument current, FleetDocument desired, bool prune) =>
        desired.Compliance ?? (prune ? null : current.Compliance);

    /// <summary>The id under which a change of the fleet-wide policy is listed.</summary>
    public const string PolicyId = "policy";

    /// <summary>The id under which a change of the trust settings (<c>trust:</c>) is listed, as a policy change.</summary>
    public const string TrustId = "trust";

    /// <summary>
    /// The id under which a change of the response settings besides the playbooks (<c>correlationWindowMinutes</c>,
    /// <c>autoActionsPerHour</c>) is listed, as a policy change. Playbooks are listed one by one
    /// (<see cref="EntityKind.Playbook"/>).
    /// </summary>
    public const string ResponseId = "response";

    /// <summary>
    /// The fleet after applying <paramref name="desired"/> to <paramref name="current"/> with the same rules as
    /// <see cref="Compute"/>: desired plants and identities replace the current ones with the same id; without
    /// <paramref name="prune"/> the others are kept. Plants and identities come out sorted by id. The fleet name is
    /// the document's, or the current one when the document has none. Roles are merged like identities (sorted by
    /// id); the policy is the document's, or without <paramref name="prune"/> the current one when the document has
    /// none.
    /// </summary>
    public static FleetDocument ApplyTo(FleetDocument current, FleetDocument desired, bool prune)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(desired);
        var plants = prune ? [] : ById(current.Plants, p => p.Id.Value);
        foreach (var (id, plant) in ById(desired.Plants, p => p.Id.Value))
        {
            plants[id] = plant;
        }

        var identities = prune ? [] : ById(current.Identities, i => i.Id.Value);
        foreach (var (id, identity) in ById(desired.Identities, i => i.Id.Value))
        {
            identities[id] = identity;
        }

        var roles = prune ? [] : ById(current.Roles, r => r.Id);
        foreach (var (id, role) in ById(desired.Roles, r => r.Id))
        {
            roles[id] = role;
        }

        // A fleet that never had roles and gets none stays without the section, so the result writes as it read.
        var hasRoles = desired.Roles is not null || (!prune && current.Roles is not null);
        return new FleetDocument(
            string.IsNullOrEmpty(desired.Name) ? current.Name : desired.Name,
            plants.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList(),
            identities.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => i.Value).ToList(),
            hasRoles ? roles.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Value).ToList() : null,
            ResultingPolicy(current, desired, prune),
            ResultingTrust(current, desired, prune),
            ResultingResponse(current, desired, prune),
            ResultingCompliance(current, desired, prune));
    }

    private static FleetPolicy? ResultingPolicy(FleetDocument current, FleetDocument desired, bool prune) =>
        desired.Policy ?? (prune ? null : current.Policy);

    private static TrustSettings? ResultingTrust(FleetDocument current, FleetDocument desired, bool prune) =>
        desired.Trust ?? (prune ? null : current.Trust);

    /// <summary>The fields of <paramref name="after"/> that differ from <paramref name="before"/>, as a playbook change lists them.</summary>
    public static IReadOnlyList<string> PlaybookChanges(Playbook before, Playbook after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return SpecComparison.PlaybookFields(before, after);
    }

    private static ResponseSettings? ResultingResponse(FleetDocument current, FleetDocument desired, bool prune) =>
        desired.Response ?? (prune ? null : current.Response);

    /// <summary>The changed groups of the trust settings: <c>factors.&lt;kind&gt;</c>, <c>severity</c>, <c>unratedVulnerability</c>, <c>tiers</c>, <c>hysteresis</c>.</summary>
    private static List<string> TrustFields(TrustSettings a, TrustSettings b)
    {
        var fields = new List<string>();
        foreach (var kind in Enum.GetValues<TrustFactorKind>().Where(k => k != TrustFactorKind.Unspecified))
        {
            if (a.For(kind) != b.For(kind))
            {
                fields.Add($"factors.{TrustVocabulary.Name(kind)}");
            }
        }

        if (a.Severity != b.Severity)
        {
            fields.Add("severity");
        }

        if (a.UnratedVulnerability != b.UnratedVulnerability)
        {
            fields.Add("unratedVulnerability");
        }

        if ((a.TrustedAt, a.ReducedAt, a.RestrictedAt) != (b.TrustedAt, b.ReducedAt, b.RestrictedAt))
        {
            fields.Add("tiers");
        }

        if ((a.HysteresisMargin, a.DegradeAfterMinutes, a.RecoverAfterMinutes) != (b.HysteresisMargin, b.DegradeAfterMinutes, b.RecoverAfterMinutes))
        {
            fields.Add("hysteresis");
        }

        return fields;
    }

    private static void DiffPlant(PlantSpec? before, PlantSpec after, List<EntityChange> changes)
    {
        if (before is null)
        {
            AddAll(ChangeKind.Added, after, changes);
            return;
        }

        var plantId = after.Id.Value;
        var plantFields = SpecComparison.PlantFields(before, after);
        if (plantFields.Count > 0)
        {
            changes.Add(new EntityChange(ChangeKind.Changed, EntityKind.Plant, plantId, plantId, plantFields));
        }

        Diff(EntityKind.Zone, plantId, ById(before.Zones, z => z.Id.Value), ById(after.Zones, z => z.Id.Value), SpecComparison.ZoneFields, changes);
        Diff(EntityKind.Asset, plantId, ById(before.Assets, a => a.Id.Value), ById(after.Assets, a => a.Id.Value), SpecComparison.AssetFields, changes);
        Diff(EntityKind.Conduit, plantId, ById(before.Conduits, c => c.Id.Value), ById(after.Conduits, c => c.Id.Value), SpecComparison.ConduitFields, changes);
        Diff(EntityKind.Flow, plantId, ById(before.Flows, f => f.Id.Value), ById(after.Flows, f => f.Id.Value), SpecComparison.FlowFields, changes);
    }

    private static void AddAll(ChangeKind change, PlantSpec plant, List<EntityChange> changes)
    {
        var plantId = plant.Id.Value;
        changes.Add(new EntityChange(change, EntityKind.Plant, plantId, plantId, []));
        AddEach(change, EntityKind.Zone, plantId, (plant.Zones ?? []).Select(z => z.Id.Value), changes);
        AddEach(change, EntityKind.Asset, plantId, (plant.Assets ?? []).Select(a => a.Id.Value), changes);
        AddEach(change, EntityKind.Conduit, plantId, (plant.Conduits ?? []).Select(c => c.Id.Value), changes);
        AddEach(change, EntityKind.Flow, plantId, (plant.Flows ?? []).Select(f => f.Id.Value), changes);
    }

    private static void AddEach(ChangeKind change, EntityKind kind, string plantId, IEnumerable<string?> ids, List<EntityChange> changes)
    {
        foreach (var id in ids.OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            changes.Add(new EntityChange(change, kind, plantId, id, []));
        }
    }

    private static void Diff<T>(
        EntityKind kind,
        string? plantId,
        IReadOnlyDictionary<string, T> before,
        IReadOnlyDictionary<string, T> after,
        Func<T, T, IReadOnlyList<string>> compare,
        List<EntityChange> changes)
    {
        foreach (var id in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var had = before.TryGetValue(id, out var old);
            var has = after.TryGetValue(id, out var @new);
            if (had && has)
            {
                var fields = compare(old!, @new!);
                if (fields.Count > 0)
                {
                    changes.Add(new EntityChange(ChangeKind.Changed, kind, plantId, id, fields));
                }
            }
            else
            {
                changes.Add(new EntityChange(has ? ChangeKind.Added : ChangeKind.Removed, kind, plantId, id, []));
            }
        }
    }

    private static Dictionary<string, T> ById<T>(IReadOnlyList<T>? items, Func<T, string?> id)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            if (id(item) is { } key)
            {
                result.TryAdd(key, item);
            }
        }

        return result;
    }
}
