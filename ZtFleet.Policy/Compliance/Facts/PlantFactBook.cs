using System.Globalization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Response.Playbooks;

namespace ZtFleet.Policy.Compliance.Facts;

/// <summary>
/// Computes the named facts of one plant at one instant from <see cref="PlantComplianceFacts"/>: per zone, per conduit
/// and for the plant. The keys and what each one checks are listed in docs/iec62443.md ("Facts"); the IEC 62443-3-3,
/// ISO/IEC 27001 and maturity evaluators only combine them.
/// </summary>
internal sealed class PlantFactBook
{
    /// <summary>An enforcement point not seen for longer than this is not watching.</summary>
    public static readonly TimeSpan LivenessWindow = TimeSpan.FromMinutes(10);

    /// <summary>A signed checkpoint older than this no longer protects the recent records.</summary>
    public static readonly TimeSpan CheckpointMaxAge = TimeSpan.FromDays(1);

    /// <summary>The longest decision cache that still ends a session within a few minutes of a revocation.</summary>
    public const int MaxSessionDecisionTtlSeconds = 900;

    /// <summary>A known vulnerability at or above this CVSS base score is high or critical.</summary>
    public const double HighCvss = 7.0;

    private static readonly Operation[] ChangeOperations =
        [Operation.Operate, Operation.Write, Operation.Program, Operation.Configure, Operation.RemoteSession];

    private readonly Dictionary<ZoneId, ZoneSpec> _zones;
    private readonly Dictionary<ZoneId, List<AssetSpec>> _assetsByZone;
    private readonly Dictionary<string, RoleSpec> _roles;
    private readonly Dictionary<IdentityId, ObservedIdentity> _runtime;
    private readonly Dictionary<(string Key, string Scope), Evidence> _cache = [];

    public PlantFactBook(PlantComplianceFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        Facts = facts;
        Now = now;
        _zones = facts.Plant.Zones.GroupBy(z => z.Id).ToDictionary(g => g.Key, g => g.First());
        _assetsByZone = facts.Plant.Assets.GroupBy(a => a.Zone).ToDictionary(g => g.Key, g => g.ToList());
        _roles = facts.Roles.GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _runtime = facts.Runtime.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
    }

    public PlantComplianceFacts Facts { get; }

    public DateTimeOffset Now { get; }

    public PlantId Plant => Facts.Plant.Id;

    /// <summary>The fact <paramref name="key"/> for <paramref name="zone"/>.</summary>
    public Evidence Zone(string key, ZoneSpec zone) =>
        Cached(key, "zone:" + zone.Id.Value, () => ComputeZone(key, zone));

    /// <summary>The fact <paramref name="key"/> for <paramref name="conduit"/>.</summary>
    public Evidence Conduit(string key, ConduitSpec conduit) =>
        Cached(key, "conduit:" + conduit.Id.Value, () => ComputeConduit(key, conduit));

    /// <summary>The plant-wide fact <paramref name="key"/>.</summary>
    public Evidence PlantFact(string key) => Cached(key, "plant", () => ComputePlant(key));

    /// <summary>
    /// A zone fact across every zone of the plant: holds when it holds (or does not apply) in each, fails when it fails
    /// in one, cannot tell when it cannot tell in one and fails in none.
    /// </summary>
    public Evidence AcrossZones(string key) => Cached(key, "zones", () =>
    {
        var zones = Facts.Plant.Zones.Select(z => (Zone: z, Evidence: Zone(key, z))).ToList();
        var failing = zones.Where(z => z.Evidence.Verdict == FactVerdict.Fails).ToList();
        var undecided = zones.Where(z => z.Evidence.Verdict == FactVerdict.Undecided).ToList();
        var verdict = failing.Count > 0 ? FactVerdict.Fails : undecided.Count > 0 ? FactVerdict.Undecided : FactVerdict.Holds;
        var statement = verdict switch
        {
            FactVerdict.Holds => $"in all {zones.Count} zones of plant {Plant}: " + (zones.Count > 0 ? zones[0].Evidence.Fact.Statement : "no zone"),
            FactVerdict.Fails => $"{failing.Count} of {zones.Count} zones of plant {Plant} fail: " + string.Join("; ", failing.Take(3).Select(z => z.Evidence.Fact.Statement)),
            _ => $"{undecided.Count} of {zones.Count} zones of plant {Plant} cannot be judged: " + string.Join("; ", undecided.Take(3).Select(z => z.Evidence.Fact.Statement)),
        };
        return Evidence.Of(key, verdict, statement, failing.Concat(undecided).SelectMany(z => z.Evidence.Fact.Subjects).Distinct().ToList());
    });

    /// <summary>A fact by key at plant level: zone facts across every zone, plant facts as they are.</summary>
    public Evidence AtPlant(string key) =>
        key.StartsWith("zone.", StringComparison.Ordinal) ? AcrossZones(key) : PlantFact(key);

    private Evidence Cached(string key, string scope, Func<Evidence> compute)
    {
        if (!_cache.TryGetValue((key, scope), out var evidence))
        {
            evidence = compute();
            _cache[(key, scope)] = evidence;
        }

        return evidence;
    }

    // ---------------------------------------------------------------- zone facts

    private Evidence ComputeZone(string key, ZoneSpec zone) => key switch
    {
        FactKeys.ZoneHumansDeclared => HumansDeclared(zone),
        FactKeys.ZoneEnforced => Enforced(zone),
        FactKeys.ZoneInSync => InSync(zone),
        FactKeys.ZoneAcknowledging => Acknowledging(zone),
        FactKeys.ZoneLive => Live(zone),
        FactKeys.ZoneRulesetsReported => RulesetsReported(zone),
        FactKeys.ZoneNoSharedAccounts => NoSharedAccounts(zone),
        FactKeys.ZoneHumansMfaEnrolled => MfaEnrolled(zone, external: false),
        FactKeys.ZoneHumansMfaRequired => MfaRequired(zone, external: false),
        FactKeys.ZoneExternalMfaEnrolled => MfaEnrolled(zone, external: true),
        FactKeys.ZoneExternalMfaRequired => MfaRequired(zone, external: true),
        FactKeys.ZoneExternalSponsored => ExternalSponsored(zone),
        FactKeys.ZoneExternalChangesByGrant => ExternalChangesByGrant(zone),
        FactKeys.ZoneAssetsAddressed => AssetsAddressed(zone),
        FactKeys.ZoneLeastPrivilege => LeastPrivilege(zone),
        FactKeys.ZoneSafetyGrantsApproved => SafetyGrantsApproved(zone),
        FactKeys.ZoneSafetyNoStandingChanges => SafetyNoStandingChanges(zone),
        FactKeys.ZoneNoItConduit => NoItConduit(zone),
        FactKeys.ZoneConduitsConditioned => ZoneConduits(key, zone, c => Conduit(FactKeys.ConduitChangesConditioned, c), inbound: true),
        FactKeys.ZoneConduitsIntegrity => ZoneConduits(key, zone, c => Conduit(FactKeys.ConduitIntegrity, c)),
        FactKeys.ZoneConduitsEncryptedUntrusted => ZoneConduits(key, zone, c => Conduit(FactKeys.ConduitEncryptedUntrusted, c)),
        FactKeys.ZoneConduitsEncrypted => ZoneConduits(key, zone, c => Conduit(FactKeys.ConduitEncrypted, c)),
        FactKeys.ZoneFailClosed => FailClosed(zone),
        FactKeys.ZoneIsolatePlaybook => PlaybookFor(key, zone, s => s.Kind == PlaybookStepKind.Isolate, _ => true, "an isolate step"),
        FactKeys.ZoneChangePlaybook => PlaybookFor(
            key, zone, _ => true, p => p.Trigger.DetectionTypes.Contains(Monitoring.Detections.DetectionType.ChangeOutsideMaintenance), "a playbook on change-outside-maintenance detections"),
        FactKeys.ZoneTelemetry => Telemetry(zone),
        FactKeys.ZoneBaselines => Baselines(zone),
        FactKeys.ZoneInventory => Inventory(zone),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a zone fact"),
    };

    private Evidence HumansDeclared(ZoneSpec zone)
    {
        var humans = HumansReaching(zone);
        var unknown = humans.Where(h => h.Identity.Kind == IdentityKind.Unspecified).ToList();
        return Evidence.Check(
            FactKeys.ZoneHumansDeclared,
            unknown.Count == 0,
            unknown.Count == 0
                ? $"{Count(humans.Count, "person", "people")} can reach zone {zone.Id}, each a named identity of the fleet document with its kind"
                : $"{unknown.Count} of {humans.Count} people who can reach zone {zone.Id} have no identity kind (employee, contractor, vendor technician)",
            unknown.Select(h => IdentitySubject(h.Identity.Id)).ToList());
    }

    private Evidence Enforced(ZoneSpec zone)
    {
        var points = PointsAt(zone);
        return Evidence.Check(
            FactKeys.ZoneEnforced,
            points.Count > 0,
            points.Count > 0
                ? $"{Count(points.Count, "enforcement point")} guard zone {zone.Id} ({Names(points.Select(p => p.Id.Value))})"
                : $"no enforcement point guards zone {zone.Id}: nothing enforces ZtFleet's decisions at its boundary",
            points.Count > 0 ? [] : [ZoneSubject(zone)]);
    }

    private Evidence InSync(ZoneSpec zone)
    {
        var points = PointsAt(zone);
        if (points.Count == 0)
        {
            return Evidence.Check(FactKeys.ZoneInSync, false, $"no enforcement point at zone {zone.Id} has applied epoch {Facts.Epoch}", [ZoneSubject(zone)]);
        }

        var behind = points.Where(p => p.AcknowledgedEpoch < Facts.Epoch).ToList();
        return Evidence.Check(
            FactKeys.ZoneInSync,
            behind.Count == 0,
            behind.Count == 0
                ? $"every enforcement point at zone {zone.Id} has applied the plant's current epoch {Facts.Epoch}"
                : $"{behind.Count} of {points.Count} enforcement points at zone {zone.Id} have not applied epoch {Facts.Epoch} ({Names(behind.Select(p => $"{p.Id} at {p.AcknowledgedEpoch}"))})",
            behind.Select(PointSubject).ToList());
    }

    private Evidence Acknowledging(ZoneSpec zone)
    {
        var points = PointsAt(zone);
        var never = points.Where(p => p.LastAcknowledgedAt is null).ToList();
        return Evidence.Check(
            FactKeys.ZoneAcknowledging,
            points.Count > 0 && never.Count == 0,
            points.Count == 0
                ? $"no enforcement point at zone {zone.Id} reports what it applied"
                : never.Count == 0
                    ? $"every enforcement point at zone {zone.Id} acknowledges the epochs it applies (ZtFleet verifies them without a person)"
                    : $"{never.Count} of {points.Count} enforcement points at zone {zone.Id} never acknowledged an epoch",
            points.Count == 0 ? [ZoneSubject(zone)] : never.Select(PointSubject).ToList());
    }

    private Evidence Live(ZoneSpec zone)
    {
        var points = PointsAt(zone);
        var silent = points.Where(p => p.LastSeen is not { } seen || Now - seen > LivenessWindow).ToList();
        return Evidence.Check(
            FactKeys.ZoneLive,
            points.Count > 0 && silent.Count == 0,
            points.Count == 0
                ? $"no enforcement point at zone {zone.Id} is watched"
                : silent.Count == 0
                    ? $"every enforcement point at zone {zone.Id} was heard from in the last {LivenessWindow.TotalMinutes:0} minutes"
                    : $"{silent.Count} of {points.Count} enforcement points at zone {zone.Id} were not heard from in the last {LivenessWindow.TotalMinutes:0} minutes",
            points.Count == 0 ? [ZoneSubject(zone)] : silent.Select(PointSubject).ToList());
    }

    private Evidence RulesetsReported(ZoneSpec zone)
    {
        var points = PointsAt(zone);
        var silent = points.Where(p => !p.ReportsRuleset).ToList();
        return Evidence.Check(
            FactKeys.ZoneRulesetsReported,
            points.Count > 0 && silent.Count == 0,
            points.Count == 0
                ? $"no enforcement point at zone {zone.Id} reports the ruleset it applied"
                : silent.Count == 0
                    ? $"every enforcement point at zone {zone.Id} reported the SHA-256 of the ruleset it applied"
                    : $"{silent.Count} of {points.Count} enforcement points at zone {zone.Id} never reported the hash of the ruleset they applied",
            points.Count == 0 ? [ZoneSubject(zone)] : silent.Select(PointSubject).ToList());
    }

    private Evidence NoSharedAccounts(ZoneSpec zone)
    {
        var interactive = new[] { Operation.Operate, Operation.RemoteSession };
        var shared = Reaching(zone)
            .Where(r => r.Identity.Kind == IdentityKind.ServiceAccount && r.Permissions.Any(p => p.Permission.Operations.Any(interactive.Contains)))
            .ToList();
        return Evidence.Check(
            FactKeys.ZoneNoSharedAccounts,
            shared.Count == 0,
            shared.Count == 0
                ? $"no service account may operate or open remote sessions in zone {zone.Id}: people act there under their own identity"
                : $"{shared.Count} service account(s) may operate or open remote sessions in zone {zone.Id}, which people could share ({Names(shared.Select(s => s.Identity.Id.Value))})",
            shared.Select(s => IdentitySubject(s.Identity.Id)).ToList());
    }

    private Evidence MfaEnrolled(ZoneSpec zone, bool external)
    {
        var key = external ? FactKeys.ZoneExternalMfaEnrolled : FactKeys.ZoneHumansMfaEnrolled;
        var who = HumansReaching(zone).Where(h => !external || IsExternal(h.Identity.Kind)).ToList();
        var label = external ? "contractors and vendor technicians" : "people";
        if (who.Count == 0)
        {
            return Evidence.Of(key, FactVerdict.NotApplicable, $"no {label} can reach zone {zone.Id}");
        }

        var without = who.Where(h => !(_runtime.TryGetValue(h.Identity.Id, out var r) && r.MfaEnrolled)).ToList();
        return Evidence.Check(
            key,
            without.Count == 0,
            $"{who.Count - without.Count} of {who.Count} {label} who can reach zone {zone.Id} enrolled a second factor (TOTP, or an MFA assertion recorded)",
            without.Select(h => IdentitySubject(h.Identity.Id)).ToList());
    }

    private Evidence MfaRequired(ZoneSpec zone, bool external)
    {
        var key = external ? FactKeys.ZoneExternalMfaRequired : FactKeys.ZoneHumansMfaRequired;
        var who = HumansReaching(zone).Where(h => !external || IsExternal(h.Identity.Kind)).ToList();
        var label = external ? "contractors and vendor technicians" : "people";
        if (who.Count == 0)
        {
            return Evidence.Of(key, FactVerdict.NotApplicable, $"no {label} can reach zone {zone.Id}");
        }

        // Grants always need fresh MFA (the policy's grantMfaMaxAgeMinutes); a role permission only with mfaMaxAgeMinutes.
        var roles = who.SelectMany(h => h.Permissions).Where(p => p.Permission.Conditions.MfaMaxAgeMinutes is null)
            .Select(p => p.Role.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var people = who.Where(h => h.Permissions.Any(p => p.Permission.Conditions.MfaMaxAgeMinutes is null)).ToList();
        return Evidence.Check(
            key,
            roles.Count == 0,
            roles.Count == 0
                ? $"every way {label} reach zone {zone.Id} requires MFA (role permissions with mfaMaxAgeMinutes, grants with fresh MFA)"
                : $"{people.Count} of {who.Count} {label} reach zone {zone.Id} through role permissions that need no MFA (roles {Names(roles)})",
            roles.Select(RoleSubject).ToList());
    }

    private Evidence ExternalSponsored(ZoneSpec zone)
    {
        var external = HumansReaching(zone).Where(h => IsExternal(h.Identity.Kind)).ToList();
        if (external.Count == 0)
        {
            return Evidence.Of(FactKeys.ZoneExternalSponsored, FactVerdict.NotApplicable, $"no contractor or vendor technician can reach zone {zone.Id}");
        }

        var orphans = external.Where(h => string.IsNullOrWhiteSpace(h.Identity.Organization)).ToList();
        return Evidence.Check(
            FactKeys.ZoneExternalSponsored,
            orphans.Count == 0,
            $"{external.Count - orphans.Count} of {external.Count} contractors and vendor technicians who can reach zone {zone.Id} name their organization",
            orphans.Select(h => IdentitySubject(h.Identity.Id)).ToList());
    }

    private Evidence ExternalChangesByGrant(ZoneSpec zone)
    {
        var external = HumansReaching(zone).Where(h => IsExternal(h.Identity.Kind)).ToList();
        if (external.Count == 0)
        {
            return Evidence.Of(FactKeys.ZoneExternalChangesByGrant, FactVerdict.NotApplicable, $"no contractor or vendor technician can reach zone {zone.Id}");
        }

        var standing = external.Where(h => h.Permissions.Any(p => p.Permission.Operations.Any(ChangeOperations.Contains))).ToList();
        var roles = standing.SelectMany(h => h.Permissions).Where(p => p.Permission.Operations.Any(ChangeOperations.Contains))
            .Select(p => p.Role.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Evidence.Check(
            FactKeys.ZoneExternalChangesByGrant,
            standing.Count == 0,
            standing.Count == 0
                ? $"contractors and vendor technicians change nothing in zone {zone.Id} without an approved temporary grant"
                : $"{standing.Count} of {external.Count} contractors and vendor technicians hold standing roles that change zone {zone.Id} without an approved request ({Names(standing.Select(s => s.Identity.Id.Value))}; roles {Names(roles)})",
            [.. standing.Select(s => IdentitySubject(s.Identity.Id)), .. roles.Select(RoleSubject)]);
    }

    private Evidence AssetsAddressed(ZoneSpec zone)
    {
        var assets = AssetsIn(zone);
        var anonymous = assets.Where(a => string.IsNullOrEmpty(a.Ip) && string.IsNullOrEmpty(a.Mac)).ToList();
        return Evidence.Check(
            FactKeys.ZoneAssetsAddressed,
            anonymous.Count == 0,
            $"{assets.Count - anonymous.Count} of {assets.Count} assets in zone {zone.Id} have a network identity (IP or MAC) flows are attributed to",
            anonymous.Select(AssetSubject).ToList());
    }

    private Evidence LeastPrivilege(ZoneSpec zone)
    {
        var broad = Reaching(zone).SelectMany(r => r.Permissions)
            .Where(p => p.Permission.Operations.Any(ChangeOperations.Contains) && IsUnbounded(p.Permission))
            .Select(p => p.Role.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return Evidence.Check(
            FactKeys.ZoneLeastPrivilege,
            broad.Count == 0,
            broad.Count == 0
                ? $"every role that changes something in zone {zone.Id} names the zones, zone kinds, asset types or assets it covers"
                : $"roles {Names(broad)} allow changes on every asset of every zone, zone {zone.Id} included",
            broad.Select(RoleSubject).ToList());
    }

    private Evidence SafetyGrantsApproved(ZoneSpec zone)
    {
        var targets = SafetyTargets(zone);
        if (targets.Count == 0)
        {
            return Evidence.Of(FactKeys.ZoneSafetyGrantsApproved, FactVerdict.NotApplicable, $"zone {zone.Id} holds no safety function");
        }

        var grants = GrantsCovering(zone).Where(g => CoversSafety(g.Grant.Grant, zone, targets)).ToList();
        var short_ = grants.Where(g => g.Grant.Approvers.Distinct(StringComparer.Ordinal).Count() < Math.Max(2, Facts.Policy.SafetyApprovers)).ToList();
        var policyOk = Facts.Policy.SafetyApprovers >= 2;
        return Evidence.Check(
            FactKeys.ZoneSafetyGrantsApproved,
            short_.Count == 0 && policyOk,
            $"the fleet policy requires {Facts.Policy.SafetyApprovers} distinct approvers for safety targets; {grants.Count - short_.Count} of {grants.Count} grants in force on safety targets of zone {zone.Id} have them",
            short_.Select(g => IdentitySubject(g.Identity.Id)).ToList());
    }

    private Evidence SafetyNoStandingChanges(ZoneSpec zone)
    {
        var targets = SafetyTargets(zone);
        if (targets.Count == 0)
        {
            return Evidence.Of(FactKeys.ZoneSafetyNoStandingChanges, FactVerdict.NotApplicable, $"zone {zone.Id} holds no safety function");
        }

        var changeOps = new[] { Operation.Write, Operation.Program, Operation.Configure };
        var roles = Facts.Roles
            .Where(r => (r.Permissions ?? []).Any(p => p.Operations.Any(changeOps.Contains) && targets.Any(a => Covers(p, zone, a))))
            .Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        var used = roles.Where(r => Facts.Identities.Any(i => RolesAt(i).Contains(r, StringComparer.Ordinal))).ToList();
        return Evidence.Check(
            FactKeys.ZoneSafetyNoStandingChanges,
            used.Count == 0,
            used.Count == 0
                ? $"nobody changes the safety functions of zone {zone.Id} through a standing role: only dual-approved temporary grants do"
                : $"roles {Names(used)} change safety functions of zone {zone.Id} without a second approver",
            used.Select(RoleSubject).ToList());
    }

    private Evidence NoItConduit(ZoneSpec zone)
    {
        if (zone.Kind is not (ZoneKind.OtSupervisory or ZoneKind.OtControl or ZoneKind.Safety))
        {
            return Evidence.Of(FactKeys.ZoneNoItConduit, FactVerdict.NotApplicable, $"zone {zone.Id} is not a control-system zone ({Spell(zone.Kind)})");
        }

        var direct = ConduitsOf(zone).Where(c => KindOf(Other(c, zone)) == ZoneKind.EnterpriseIt).ToList();
        return Evidence.Check(
            FactKeys.ZoneNoItConduit,
            direct.Count == 0,
            direct.Count == 0
                ? $"no conduit links zone {zone.Id} directly with an enterprise IT zone: traffic passes the DMZ"
                : $"{Count(direct.Count, "conduit")} link zone {zone.Id} directly with enterprise IT ({Names(direct.Select(c => c.Id.Value))})",
            direct.Select(ConduitSubject).ToList());
    }

    private Evidence ZoneConduits(string key, ZoneSpec zone, Func<ConduitSpec, Evidence> perConduit, bool inbound = false)
    {
        // Inbound: what reaches into the zone (its own least functionality); otherwise every conduit touching it.
        var conduits = ConduitsOf(zone).Where(c => !inbound || c.To == zone.Id || c.Direction == ConduitDirection.Bidirectional).ToList();
        var results = conduits.Select(c => (Conduit: c, Evidence: perConduit(c))).ToList();
        var failing = results.Where(r => r.Evidence.Verdict == FactVerdict.Fails).ToList();
        var undecided = results.Where(r => r.Evidence.Verdict == FactVerdict.Undecided).ToList();
        var relevant = results.Count(r => r.Evidence.Verdict != FactVerdict.NotApplicable);
        if (relevant == 0)
        {
            return Evidence.Of(key, FactVerdict.NotApplicable, $"no conduit of zone {zone.Id} concerns this");
        }

        var verdict = failing.Count > 0 ? FactVerdict.Fails : undecided.Count > 0 ? FactVerdict.Undecided : FactVerdict.Holds;
        var statement = verdict switch
        {
            FactVerdict.Holds => $"all {relevant} conduits of zone {zone.Id} this concerns pass ({Names(results.Where(r => r.Evidence.Verdict == FactVerdict.Holds).Select(r => r.Conduit.Id.Value))})",
            FactVerdict.Fails => $"{failing.Count} of {relevant} conduits of zone {zone.Id} fail: {string.Join("; ", failing.Take(5).Select(f => f.Evidence.Fact.Statement))}",
            _ => $"{undecided.Count} of {relevant} conduits of zone {zone.Id} cannot be judged from live state: {string.Join("; ", undecided.Take(5).Select(f => f.Evidence.Fact.Statement))}",
        };
        return Evidence.Of(key, verdict, statement, failing.Concat(undecided).Select(r => ConduitSubject(r.Conduit)).ToList());
    }

    private Evidence FailClosed(ZoneSpec zone) =>
        Evidence.Check(
            FactKeys.ZoneFailClosed,
            zone.FailMode == ZoneFailMode.Closed,
            zone.FailMode == ZoneFailMode.Closed
                ? $"zone {zone.Id} fails closed: without the control plane its enforcement points forward nothing"
                : $"zone {zone.Id} fails static: its enforcement points keep the last ruleset for {zone.FailStaticMinutes} minutes without the control plane, then close",
            zone.FailMode == ZoneFailMode.Closed ? [] : [ZoneSubject(zone)]);

    private Evidence PlaybookFor(string key, ZoneSpec zone, Func<PlaybookStep, bool> step, Func<Playbook, bool> playbook, string what)
    {
        var matching = Facts.Response.Playbooks
            .Where(p => playbook(p) && p.Steps.Any(step) && (p.Trigger.ZoneKinds.Count == 0 || p.Trigger.ZoneKinds.Contains(zone.Kind)))
            .Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        return Evidence.Check(
            key,
            matching.Count > 0,
            matching.Count > 0
                ? $"playbooks {Names(matching)} provide {what} for zone {zone.Id}"
                : $"no playbook provides {what} for zone {zone.Id} (kind {Spell(zone.Kind)})",
            matching.Count > 0 ? [] : [ZoneSubject(zone)]);
    }

    private Evidence Telemetry(ZoneSpec zone)
    {
        var senders = Facts.EnforcementPoints.Where(p => !p.Revoked && p.SendsTelemetry && p.Zones.Contains(zone.Id)).ToList();
        return Evidence.Check(
            FactKeys.ZoneTelemetry,
            senders.Count > 0,
            senders.Count > 0
                ? $"{Count(senders.Count, "sensor or enforcement point")} send telemetry from zone {zone.Id} ({Names(senders.Select(s => s.Id.Value))})"
                : $"nothing sends telemetry from zone {zone.Id}: flows, authentications and changes there are not seen",
            senders.Count > 0 ? [] : [ZoneSubject(zone)]);
    }

    private Evidence Baselines(ZoneSpec zone)
    {
        var learning = Facts.Monitoring.LearningZones.Contains(zone.Id);
        return Evidence.Check(
            FactKeys.ZoneBaselines,
            !learning,
            learning
                ? $"zone {zone.Id} is still learning its baselines: behaviour detections are not raised there yet"
                : $"zone {zone.Id} has finished learning: deviations from its baselines become detections ({Facts.Monitoring.OpenDetections} open at the plant)",
            learning ? [ZoneSubject(zone)] : []);
    }

    private Evidence Inventory(ZoneSpec zone)
    {
        var assets = AssetsIn(zone);
        var unknown = assets.Where(a => string.IsNullOrWhiteSpace(a.Vendor) || string.IsNullOrWhiteSpace(a.Model) || string.IsNullOrWhiteSpace(a.Firmware)).ToList();
        return Evidence.Check(
            FactKeys.ZoneInventory,
            unknown.Count == 0,
            $"{assets.Count - unknown.Count} of {assets.Count} assets in zone {zone.Id} have vendor, model and firmware in the inventory",
            unknown.Select(AssetSubject).ToList());
    }

    // ---------------------------------------------------------------- conduit facts

    private Evidence ComputeConduit(string key, ConduitSpec conduit) => key switch
    {
        FactKeys.ConduitEnforced => ConduitEnforced(conduit),
        FactKeys.ConduitDefaultDeny => ConduitDefaultDeny(conduit),
        FactKeys.ConduitChangesConditioned => ConduitChangesConditioned(conduit),
        FactKeys.ConduitNoItToOt => ConduitNoItToOt(conduit),
        FactKeys.ConduitUntrustedGrant => ConduitUntrustedGrant(conduit),
        FactKeys.ConduitIntegrity => ConduitCrypto(key, conduit, untrustedOnly: false, "integrity"),
        FactKeys.ConduitEncrypted => ConduitCrypto(key, conduit, untrustedOnly: false, "confidentiality"),
        FactKeys.ConduitEncryptedUntrusted => ConduitCrypto(key, conduit, untrustedOnly: true, "confidentiality"),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a conduit fact"),
    };

    private Evidence ConduitEnforced(ConduitSpec conduit)
    {
        var points = Facts.EnforcementPoints.Where(p => p.Enforces && (p.Zones.Contains(conduit.From) || p.Zones.Contains(conduit.To))).ToList();
        return Evidence.Check(
            FactKeys.ConduitEnforced,
            points.Count > 0,
            points.Count > 0
                ? $"conduit {conduit.Id} is enforced by {Names(points.Select(p => p.Id.Value))}"
                : $"no enforcement point guards either end of conduit {conduit.Id} ({conduit.From} to {conduit.To})",
            points.Count > 0 ? [] : [ConduitSubject(conduit)]);
    }

    private Evidence ConduitDefaultDeny(ConduitSpec conduit)
    {
        var whole = !ProtocolOperations.RequiresOperations(conduit.Protocol) && conduit.Operations.Count == 0;
        return Evidence.Check(
            FactKeys.ConduitDefaultDeny,
            true,
            whole
                ? $"conduit {conduit.Id} allows {Spell(conduit.Protocol)} on port {conduit.Port} only, everything else between {conduit.From} and {conduit.To} is denied"
                : $"conduit {conduit.Id} allows {Spell(conduit.Protocol)} operations {Names(conduit.Operations)} on port {conduit.Port} only, everything else between {conduit.From} and {conduit.To} is denied");
    }

    private Evidence ConduitChangesConditioned(ConduitSpec conduit)
    {
        var changes = ChangesOf(conduit);
        if (changes.Count == 0)
        {
            return Evidence.Check(FactKeys.ConduitChangesConditioned, true, $"conduit {conduit.Id} carries no write, program, remote session or file share: nothing it allows changes the process");
        }

        var conditions = conduit.Conditions ?? ConduitConditions.None;
        return Evidence.Check(
            FactKeys.ConduitChangesConditioned,
            !conditions.IsNone,
            !conditions.IsNone
                ? $"conduit {conduit.Id} carries {Names(changes)} only under conditions ({Describe(conditions)})"
                : $"conduit {conduit.Id} carries {Names(changes)} at any time for any source, without a role, grant or maintenance window condition",
            conditions.IsNone ? [ConduitSubject(conduit)] : []);
    }

    private Evidence ConduitNoItToOt(ConduitSpec conduit)
    {
        var from = KindOf(conduit.From);
        var to = KindOf(conduit.To);
        var control = new[] { ZoneKind.OtSupervisory, ZoneKind.OtControl, ZoneKind.Safety };
        var it = (from == ZoneKind.EnterpriseIt && control.Contains(to)) || (to == ZoneKind.EnterpriseIt && control.Contains(from));
        return Evidence.Check(
            FactKeys.ConduitNoItToOt,
            !it,
            it
                ? $"conduit {conduit.Id} links enterprise IT and a control-system zone directly ({conduit.From} to {conduit.To})"
                : $"conduit {conduit.Id} does not link enterprise IT with a control-system zone directly",
            it ? [ConduitSubject(conduit)] : []);
    }

    private Evidence ConduitUntrustedGrant(ConduitSpec conduit)
    {
        var fromKind = KindOf(conduit.From);
        var untrusted = fromKind is ZoneKind.EnterpriseIt or ZoneKind.Dmz
            || (conduit.Direction == ConduitDirection.Bidirectional && KindOf(conduit.To) is ZoneKind.EnterpriseIt or ZoneKind.Dmz);
        var changes = ChangesOf(conduit);
        if (!untrusted || changes.Count == 0)
        {
            return Evidence.Of(
                FactKeys.ConduitUntrustedGrant,
                FactVerdict.NotApplicable,
                !untrusted ? $"conduit {conduit.Id} does not start in enterprise IT or the DMZ" : $"conduit {conduit.Id} only reads");
        }

        var grant = conduit.Conditions?.ActiveGrant == true;
        return Evidence.Check(
            FactKeys.ConduitUntrustedGrant,
            grant,
            grant
                ? $"conduit {conduit.Id} from {conduit.From} carries {Names(changes)} only for an identity holding an approved grant in force"
                : $"conduit {conduit.Id} from {conduit.From} carries {Names(changes)} without an approved temporary grant (conditions.activeGrant)",
            grant ? [] : [ConduitSubject(conduit)]);
    }

    private Evidence ConduitCrypto(string key, ConduitSpec conduit, bool untrustedOnly, string property)
    {
        if (untrustedOnly && !(KindOf(conduit.From) is ZoneKind.EnterpriseIt or ZoneKind.Dmz || KindOf(conduit.To) is ZoneKind.EnterpriseIt or ZoneKind.Dmz))
        {
            return Evidence.Of(key, FactVerdict.NotApplicable, $"conduit {conduit.Id} stays inside the control system");
        }

        var protocol = Spell(conduit.Protocol);
        return Cryptography(conduit.Protocol, conduit.Port) switch
        {
            true => Evidence.Check(key, true, $"conduit {conduit.Id} uses {protocol} on port {conduit.Port}: cryptographic {property} protection"),
            false => Evidence.Check(key, false, $"conduit {conduit.Id} uses {protocol} on port {conduit.Port}, which has no cryptographic {property} protection", [ConduitSubject(conduit)]),
            null => Evidence.Of(key, FactVerdict.Undecided, $"conduit {conduit.Id} uses {protocol} on port {conduit.Port}, whose security mode ZtFleet does not see", [ConduitSubject(conduit)]),
        };
    }

    /// <summary>
    /// Whether a protocol on a port protects its traffic cryptographically: true (HTTPS, SSH, RDP, MQTT on 8883, syslog on
    /// 6514, Modbus/TCP Security on 802), false (plain industrial protocols, HTTP, DNS, NTP, MQTT on 1883, syslog on 514),
    /// null when the configuration decides (OPC UA security mode, SMB 3 encryption, SQL TLS).
    /// </summary>
    internal static bool? Cryptography(Protocol protocol, int port) => protocol switch
    {
        Protocol.Https or Protocol.Ssh or Protocol.Rdp => true,
        Protocol.Mqtt => port == 8883 ? true : port == 1883 ? false : null,
        Protocol.Syslog => port == 6514 ? true : port == 514 ? false : null,
        Protocol.ModbusTcp => port == 802 ? true : false,
        Protocol.S7comm or Protocol.EtherNetIp or Protocol.Dnp3 or Protocol.Iec104 or Protocol.BacnetIp or Protocol.Http or Protocol.Dns or Protocol.Ntp => false,
        _ => null,
    };

    // ---------------------------------------------------------------- plant facts

    private Evidence ComputePlant(string key) => key switch
    {
        FactKeys.FleetAccountsCentral => Evidence.Check(
            key,
            Facts.Changes.CurrentVersion > 0,
            Facts.Changes.CurrentVersion > 0
                ? $"every identity, role and assignment at plant {Plant} is declared in the fleet document (fleet version {Facts.Changes.CurrentVersion}), one place for every plant"
                : $"no fleet version was applied: accounts are not managed through the fleet document yet"),
        FactKeys.FleetUniqueIds => Evidence.Check(
            key,
            Facts.Identities.Select(i => i.Id).Distinct().Count() == Facts.Identities.Count,
            $"the {Count(Facts.Identities.Count, "identity", "identities")} at plant {Plant} have fleet-wide unique ids (the fleet document refuses duplicates)"),
        FactKeys.EngineDefaultDeny => Evidence.Check(
            key, true, "ZtFleet's decision and flow engines deny what no role, grant or conduit allows; an explicit deny wins, an unknown value never allows"),
        FactKeys.EngineBreakGlass => Evidence.Check(
            key, true, "a declared emergency on a safety-related asset is allowed to anyone holding a role at the plant, and always audited (break-glass)"),
        FactKeys.PlantLoginAttempts => LoginAttempts(),
        FactKeys.PolicySessionBounds => SessionBounds(),
        FactKeys.AuditRecords => Evidence.Check(
            key,
            Facts.Audit.HeadSequence > 0,
            Facts.Audit.HeadSequence > 0
                ? $"plant {Plant}'s audit chain holds {Facts.Audit.HeadSequence} hash-linked records with UTC time stamps, actor, action and subject, readable through AuditService"
                : $"plant {Plant}'s audit chain holds no record",
            Facts.Audit.HeadSequence > 0 ? [] : [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]),
        FactKeys.AuditSigned => AuditSigned(),
        FactKeys.FleetVersioned => Evidence.Check(
            key,
            Facts.Changes.CurrentVersion > 0,
            Facts.Changes.CurrentVersion > 0
                ? $"the zones, conduits, roles and policy of plant {Plant} are declared in fleet version {Facts.Changes.CurrentVersion}, kept with who, when and why"
                : "no fleet version exists"),
        FactKeys.ChangesReasonRequired => Evidence.Check(
            key,
            Facts.Policy.RequireChangeReason,
            Facts.Policy.RequireChangeReason
                ? "the fleet policy requires a reason for every change (requireChangeReason)"
                : "the fleet policy does not require a reason for a change (policy.requireChangeReason is off)",
            Facts.Policy.RequireChangeReason ? [] : [new ComplianceSubject(EntityKind.Policy, FleetDiff.PolicyId)]),
        FactKeys.ChangesWithReason => Evidence.Check(
            key,
            Facts.Changes.RecentVersions > 0 && Facts.Changes.WithoutReason.Count == 0,
            Facts.Changes.RecentVersions == 0
                ? "no fleet version to read"
                : $"{Facts.Changes.RecentVersions - Facts.Changes.WithoutReason.Count} of the last {Facts.Changes.RecentVersions} fleet versions carry a reason"
                    + (Facts.Changes.WithoutReason.Count > 0 ? $" (without: {Names(Facts.Changes.WithoutReason.Select(v => v.ToString(CultureInfo.InvariantCulture)))})" : string.Empty),
            Facts.Changes.WithoutReason.Count > 0 ? [new ComplianceSubject(EntityKind.Policy, FleetDiff.PolicyId)] : []),
        FactKeys.GrantsApproved => GrantsApproved(),
        FactKeys.GrantsBounded => Evidence.Check(
            key,
            Facts.Policy.MaxGrantHours <= 72,
            $"temporary grants last at most {Facts.Policy.MaxGrantHours} hours (policy.maxGrantHours) and end on their own",
            Facts.Policy.MaxGrantHours <= 72 ? [] : [new ComplianceSubject(EntityKind.Policy, FleetDiff.PolicyId)]),
        FactKeys.PolicySafetyApprovers => Evidence.Check(
            key,
            Facts.Policy.SafetyApprovers >= 2,
            $"access to a safety target needs {Facts.Policy.SafetyApprovers} distinct approvers, neither the requester nor the person it is for"),
        FactKeys.RolesChangesNeedMfa => RolesChangesNeedMfa(),
        FactKeys.IdentitiesMfaEnrolled => IdentitiesMfa(),
        FactKeys.IdentitiesKindsKnown => Evidence.Check(
            key,
            Facts.Identities.All(i => i.Kind != IdentityKind.Unspecified),
            $"{Facts.Identities.Count(i => i.Kind != IdentityKind.Unspecified)} of {Facts.Identities.Count} identities at plant {Plant} say whether they are employees, contractors, vendor technicians or service accounts",
            Facts.Identities.Where(i => i.Kind == IdentityKind.Unspecified).Select(i => IdentitySubject(i.Id)).ToList()),
        FactKeys.VulnerabilitiesTracked => VulnerabilitiesTracked(),
        FactKeys.VulnerabilitiesHighOpen => VulnerabilitiesHighOpen(),
        FactKeys.TrustVulnerability => Evidence.Check(
            key,
            Facts.Trust.Vulnerability.Weight > 0,
            Facts.Trust.Vulnerability.Weight > 0
                ? $"known vulnerabilities lower an asset's trust score (weight {Facts.Trust.Vulnerability.Weight})"
                : "known vulnerabilities do not lower trust (trust.factors.vulnerability.weight is 0)",
            Facts.Trust.Vulnerability.Weight > 0 ? [] : [new ComplianceSubject(EntityKind.Policy, FleetDiff.TrustId)]),
        FactKeys.TrustContinuous => TrustContinuous(),
        FactKeys.ResponsePlaybooks => Evidence.Check(
            key,
            Facts.Response.Playbooks.Count > 0,
            Facts.Response.Playbooks.Count > 0
                ? $"{Count(Facts.Response.Playbooks.Count, "response playbook")} apply at plant {Plant} ({Names(Facts.Response.Playbooks.Select(p => p.Id))})"
                : $"no response playbook applies at plant {Plant}",
            Facts.Response.Playbooks.Count > 0 ? [] : [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]),
        FactKeys.ResponseContainment => Containment(auto: false),
        FactKeys.ResponseAutomatic => Containment(auto: true),
        FactKeys.ResponseCorrelation => Evidence.Check(
            key,
            Facts.Response.CorrelationWindow > TimeSpan.Zero,
            $"detections are correlated into incidents across plants within {Facts.Response.CorrelationWindow.TotalMinutes:0} minutes; {Facts.Quarantines.Count} quarantine(s) in force at plant {Plant}"),
        FactKeys.AttestationsCurrent => AttestationsCurrent(),
        FactKeys.PlantTelemetry => PlantTelemetry(),
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "not a plant fact"),
    };

    private Evidence LoginAttempts()
    {
        var holds = Facts.Trust.MfaFailure.Weight > 0 && Facts.Trust.Lockout.Weight > 0;
        return Evidence.Check(
            FactKeys.PlantLoginAttempts,
            holds,
            holds
                ? $"failed second-factor attempts are limited and lock the identity out; each failure lowers trust ({Facts.Trust.MfaFailure.Weight} points) and a burst becomes a detection"
                : "failed second-factor attempts do not lower trust (trust.factors.mfaFailure or lockout weight is 0)",
            holds ? [] : [new ComplianceSubject(EntityKind.Policy, FleetDiff.TrustId)]);
    }

    private Evidence SessionBounds()
    {
        var holds = Facts.Policy.DecisionTtlSeconds <= MaxSessionDecisionTtlSeconds;
        return Evidence.Check(
            FactKeys.PolicySessionBounds,
            holds,
            $"enforcement points cache a decision at most {Facts.Policy.DecisionTtlSeconds} s, never past a grant's end or a shift's end plus {Facts.Policy.ShiftGraceMinutes} minutes; revocations reach them as deltas at once",
            holds ? [] : [new ComplianceSubject(EntityKind.Policy, FleetDiff.PolicyId)]);
    }

    private Evidence AuditSigned()
    {
        var audit = Facts.Audit;
        if (!audit.SigningConfigured)
        {
            return Evidence.Check(FactKeys.AuditSigned, false, "no audit checkpoint signing key is configured (ZtFleet:Audit:SigningKey): the chain is hash-linked but not signed", [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]);
        }

        if (audit.CheckpointAt is not { } at)
        {
            return Evidence.Check(FactKeys.AuditSigned, false, $"plant {Plant}'s audit chain has no signed checkpoint yet", [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]);
        }

        var fresh = Now - at <= CheckpointMaxAge || audit.CheckpointSequence >= audit.HeadSequence;
        return Evidence.Check(
            FactKeys.AuditSigned,
            fresh,
            $"the latest signed checkpoint of plant {Plant}'s audit chain covers record {audit.CheckpointSequence} of {audit.HeadSequence}, signed {at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
            fresh ? [] : [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]);
    }

    private Evidence GrantsApproved()
    {
        var grants = Facts.Runtime.SelectMany(r => r.Grants.Where(g => g.InForce(Now) && g.Grant.Plant == Plant).Select(g => (r.Id, Grant: g))).ToList();
        var short_ = grants.Where(g => g.Grant.Approvers.Distinct(StringComparer.Ordinal).Count() < Math.Max(1, g.Grant.RequiredApprovals)).ToList();
        return Evidence.Check(
            FactKeys.GrantsApproved,
            short_.Count == 0,
            $"{grants.Count - short_.Count} of {grants.Count} temporary grants in force at plant {Plant} were approved by the approvers their request needed"
                + (grants.Count > 0 ? $" ({Names(grants.Select(g => $"{g.Grant.Grant.Id} by {string.Join(" and ", g.Grant.Approvers)}"))})" : string.Empty),
            short_.Select(g => IdentitySubject(g.Id)).ToList());
    }

    private Evidence RolesChangesNeedMfa()
    {
        var used = Facts.Identities.Where(i => i.Kind != IdentityKind.ServiceAccount).SelectMany(RolesAt).ToHashSet(StringComparer.Ordinal);
        var weak = Facts.Roles.Where(r => used.Contains(r.Id)
                && (r.Permissions ?? []).Any(p => p.Operations.Any(o => o is Operation.Write or Operation.Program or Operation.Configure or Operation.RemoteSession)
                    && p.Conditions.MfaMaxAgeMinutes is null))
            .Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        return Evidence.Check(
            FactKeys.RolesChangesNeedMfa,
            weak.Count == 0,
            weak.Count == 0
                ? $"every role people hold at plant {Plant} requires fresh MFA to write, program, configure or open a remote session"
                : $"roles {Names(weak)} let people write, program, configure or open remote sessions without MFA",
            weak.Select(RoleSubject).ToList());
    }

    private Evidence IdentitiesMfa()
    {
        var humans = Facts.Identities.Where(i => i.Kind != IdentityKind.ServiceAccount).ToList();
        var without = humans.Where(h => !(_runtime.TryGetValue(h.Id, out var r) && r.MfaEnrolled)).ToList();
        return Evidence.Check(
            FactKeys.IdentitiesMfaEnrolled,
            without.Count == 0 && humans.Count > 0,
            $"{humans.Count - without.Count} of {humans.Count} people at plant {Plant} enrolled a second factor",
            without.Select(h => IdentitySubject(h.Id)).ToList());
    }

    private Evidence VulnerabilitiesTracked()
    {
        var fromAdvisories = Facts.Vulnerabilities.Count;
        var declared = Facts.Plant.Assets.Sum(a => a.Vulnerabilities.Count);
        var known = fromAdvisories + declared;
        return Evidence.Of(
            FactKeys.VulnerabilitiesTracked,
            fromAdvisories > 0 ? FactVerdict.Holds : FactVerdict.Undecided,
            fromAdvisories > 0
                ? $"{fromAdvisories} known vulnerabilities at plant {Plant} come from imported vendor advisories, {declared} more are declared in the inventory"
                : $"no vendor advisory matched an asset of plant {Plant} ({known} vulnerabilities declared in the inventory): ZtFleet cannot tell whether advisories are followed");
    }

    private Evidence VulnerabilitiesHighOpen()
    {
        var high = Facts.Vulnerabilities.Where(v => v.Cvss is >= HighCvss).ToList();
        var assets = high.Select(v => v.Asset).Distinct().Order().ToList();
        return Evidence.Check(
            FactKeys.VulnerabilitiesHighOpen,
            high.Count == 0,
            high.Count == 0
                ? $"no asset of plant {Plant} has a known vulnerability with CVSS {HighCvss:0.0} or more"
                : $"{Count(assets.Count, "asset")} of plant {Plant} have {high.Count} known vulnerabilities with CVSS {HighCvss:0.0} or more ({Names(high.Select(v => $"{v.Cve} on {v.Asset}"))})",
            assets.Select(a => new ComplianceSubject(EntityKind.Asset, a.Value, Plant)).ToList());
    }

    private Evidence TrustContinuous()
    {
        var weights = Facts.Trust.Detection.Weight > 0 && Facts.Trust.MfaFailure.Weight > 0;
        var minTrust = Facts.Roles.Where(r => (r.Permissions ?? []).Any(p => p.Conditions.MinTrust is not null)).Select(r => r.Id).ToList();
        var holds = weights && minTrust.Count > 0;
        return Evidence.Check(
            FactKeys.TrustContinuous,
            holds,
            holds
                ? $"detections and MFA failures lower trust scores continuously, and roles {Names(minTrust)} require a minimum trust"
                : $"trust is not evaluated continuously: {(weights ? "no role requires a minimum trust (minTrust)" : "detections or MFA failures do not lower trust")}",
            holds ? [] : [new ComplianceSubject(EntityKind.Policy, FleetDiff.TrustId)]);
    }

    private Evidence Containment(bool auto)
    {
        var containing = new[] { PlaybookStepKind.Isolate, PlaybookStepKind.RestrictWrites, PlaybookStepKind.RevokeGrants, PlaybookStepKind.Lock, PlaybookStepKind.StepUpMfa };
        var playbooks = Facts.Response.Playbooks
            .Where(p => p.Steps.Any(s => containing.Contains(s.Kind) && (!auto || s.Mode == PlaybookMode.Auto)))
            .Select(p => p.Id).Order(StringComparer.Ordinal).ToList();
        var key = auto ? FactKeys.ResponseAutomatic : FactKeys.ResponseContainment;
        var what = auto ? "contain automatically (a containment step in auto mode, reverted after its time)" : "contain (isolate, restrict writes, revoke grants, lock, step-up MFA)";
        return Evidence.Check(
            key,
            playbooks.Count > 0 && (!auto || Facts.Response.AutoActionsPerHour > 0),
            playbooks.Count > 0 ? $"playbooks {Names(playbooks)} {what}" : $"no playbook at plant {Plant} can {what}",
            playbooks.Count > 0 ? [] : [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]);
    }

    private Evidence PlantTelemetry()
    {
        var senders = Facts.EnforcementPoints.Where(p => !p.Revoked && p.SendsTelemetry).ToList();
        return Evidence.Check(
            FactKeys.PlantTelemetry,
            senders.Count > 0,
            senders.Count > 0
                ? $"{Count(senders.Count, "sensor or enforcement point")} send telemetry from plant {Plant}"
                : $"nothing sends telemetry from plant {Plant}",
            senders.Count > 0 ? [] : [new ComplianceSubject(EntityKind.Plant, Plant.Value, Plant)]);
    }

    private Evidence AttestationsCurrent()
    {
        var expired = Facts.Attestations.Where(a => a.Expires is { } e && e <= Now).ToList();
        return Evidence.Check(
            FactKeys.AttestationsCurrent,
            expired.Count == 0,
            expired.Count == 0
                ? $"all {Facts.Attestations.Count} attestations for plant {Plant} are in force"
                : $"{expired.Count} of {Facts.Attestations.Count} attestations for plant {Plant} have expired ({Names(expired.Select(a => a.Requirement))})",
            expired.Select(a => new ComplianceSubject(EntityKind.Attestation, ComplianceAttestations.Key(a), a.Plant)).ToList());
    }

    // ---------------------------------------------------------------- reach

    /// <summary>One identity that can reach a zone, and how: role permissions covering it, grants in force on it.</summary>
    internal sealed record Reach(IdentitySpec Identity, IReadOnlyList<(RoleSpec Role, PermissionSpec Permission)> Permissions, IReadOnlyList<ObservedGrant> Grants);

    private readonly Dictionary<ZoneId, IReadOnlyList<Reach>> _reach = [];

    /// <summary>Every identity assigned to the plant that can act on some asset of the zone (or the whole zone).</summary>
    internal IReadOnlyList<Reach> Reaching(ZoneSpec zone)
    {
        if (_reach.TryGetValue(zone.Id, out var cached))
        {
            return cached;
        }

        var result = new List<Reach>();
        foreach (var identity in Facts.Identities)
        {
            var permissions = new List<(RoleSpec, PermissionSpec)>();
            foreach (var roleId in RolesAt(identity))
            {
                if (!_roles.TryGetValue(roleId, out var role))
                {
                    continue;
                }

                permissions.AddRange((role.Permissions ?? []).Where(p => CoversZone(p, zone)).Select(p => (role, p)));
            }

            var grants = _runtime.TryGetValue(identity.Id, out var runtime)
                ? runtime.Grants.Where(g => g.InForce(Now) && g.Grant.Plant == Plant && GrantCovers(g.Grant, zone)).ToList()
                : [];
            if (permissions.Count > 0 || grants.Count > 0)
            {
                result.Add(new Reach(identity, permissions, grants));
            }
        }

        _reach[zone.Id] = result;
        return result;
    }

    internal IReadOnlyList<Reach> HumansReaching(ZoneSpec zone) =>
        Reaching(zone).Where(r => r.Identity.Kind != IdentityKind.ServiceAccount).ToList();

    private IEnumerable<(IdentitySpec Identity, ObservedGrant Grant)> GrantsCovering(ZoneSpec zone) =>
        Reaching(zone).SelectMany(r => r.Grants.Select(g => (r.Identity, g)));

    private IReadOnlyList<string> RolesAt(IdentitySpec identity) =>
        identity.Assignments.FirstOrDefault(a => a.Plant == Plant)?.Roles ?? [];

    private bool CoversZone(PermissionSpec permission, ZoneSpec zone)
    {
        if ((permission.Zones.Count > 0 && !permission.Zones.Contains(zone.Id)) || (permission.ZoneKinds.Count > 0 && !permission.ZoneKinds.Contains(zone.Kind)))
        {
            return false;
        }

        if (permission.AssetTypes.Count == 0 && permission.Assets.Count == 0)
        {
            return true;
        }

        return AssetsIn(zone).Any(a => Covers(permission, zone, a));
    }

    private static bool Covers(PermissionSpec permission, ZoneSpec zone, AssetSpec asset) =>
        (permission.Zones.Count == 0 || permission.Zones.Contains(zone.Id))
        && (permission.ZoneKinds.Count == 0 || permission.ZoneKinds.Contains(zone.Kind))
        && (permission.AssetTypes.Count == 0 || permission.AssetTypes.Contains(asset.Type))
        && (permission.Assets.Count == 0 || permission.Assets.Contains(asset.Id));

    private bool GrantCovers(Grant grant, ZoneSpec zone) =>
        grant.Zones.Contains(zone.Id) || AssetsIn(zone).Any(a => grant.Assets.Contains(a.Id));

    private static bool CoversSafety(Grant grant, ZoneSpec zone, IReadOnlyList<AssetSpec> targets) =>
        (grant.Zones.Contains(zone.Id) && (zone.Kind == ZoneKind.Safety || targets.Count > 0))
        || targets.Any(a => grant.Assets.Contains(a.Id));

    private IReadOnlyList<AssetSpec> SafetyTargets(ZoneSpec zone) =>
        zone.Kind == ZoneKind.Safety ? AssetsIn(zone) : AssetsIn(zone).Where(a => a.SafetyRelated).ToList();

    private static bool IsUnbounded(PermissionSpec permission) =>
        permission.Zones.Count == 0 && permission.ZoneKinds.Count == 0 && permission.AssetTypes.Count == 0 && permission.Assets.Count == 0;

    private static bool IsExternal(IdentityKind kind) => kind is IdentityKind.Contractor or IdentityKind.VendorTechnician;

    private IReadOnlyList<AssetSpec> AssetsIn(ZoneSpec zone) => _assetsByZone.TryGetValue(zone.Id, out var assets) ? assets : [];

    private IReadOnlyList<ObservedEnforcementPoint> PointsAt(ZoneSpec zone) =>
        Facts.EnforcementPoints.Where(p => p.Enforces && p.Zones.Contains(zone.Id)).ToList();

    internal IReadOnlyList<ConduitSpec> ConduitsOf(ZoneSpec zone) =>
        Facts.Plant.Conduits.Where(c => c.From == zone.Id || c.To == zone.Id).ToList();

    private static ZoneId Other(ConduitSpec conduit, ZoneSpec zone) => conduit.From == zone.Id ? conduit.To : conduit.From;

    private ZoneKind KindOf(ZoneId zone) => _zones.TryGetValue(zone, out var spec) ? spec.Kind : ZoneKind.Unspecified;

    private static IReadOnlyList<string> ChangesOf(ConduitSpec conduit)
    {
        if (!ProtocolOperations.RequiresOperations(conduit.Protocol))
        {
            // Remote sessions and file shares change what they reach; other IT protocols carry application traffic.
            return conduit.Protocol is Protocol.Ssh or Protocol.Rdp or Protocol.Smb ? [Spell(conduit.Protocol)] : [];
        }

        return conduit.Operations.Where(o => !ProtocolOperations.IsReadOnly(conduit.Protocol, o)).ToList();
    }

    private static string Describe(ConduitConditions conditions)
    {
        var parts = new List<string>();
        if (conditions.MaintenanceWindow)
        {
            parts.Add("maintenance window");
        }

        if (conditions.Roles is { Count: > 0 } roles)
        {
            parts.Add($"roles {string.Join(", ", roles)}");
        }

        if (conditions.ActiveGrant)
        {
            parts.Add("approved grant in force");
        }

        return string.Join(", ", parts);
    }

    // ---------------------------------------------------------------- subjects and wording

    private ComplianceSubject ZoneSubject(ZoneSpec zone) => new(EntityKind.Zone, zone.Id.Value, Plant);

    private ComplianceSubject ConduitSubject(ConduitSpec conduit) => new(EntityKind.Conduit, conduit.Id.Value, Plant);

    private ComplianceSubject AssetSubject(AssetSpec asset) => new(EntityKind.Asset, asset.Id.Value, Plant);

    private ComplianceSubject PointSubject(ObservedEnforcementPoint point) => new(EntityKind.EnforcementPoint, point.Id.Value, Plant);

    private static ComplianceSubject IdentitySubject(IdentityId identity) => new(EntityKind.Identity, identity.Value);

    private static ComplianceSubject RoleSubject(string role) => new(EntityKind.Role, role);

    private static string Spell<TEnum>(TEnum value)
        where TEnum : struct, Enum => InventoryVocabulary.TryName(value, out var name) ? name : value.ToString().ToLowerInvariant();

    internal static string Count(int n, string one, string? many = null) =>
        n == 1 ? $"1 {one}" : $"{n.ToString(CultureInfo.InvariantCulture)} {many ?? one + "s"}";

    /// <summary>At most ten names, then how many more.</summary>
    internal static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 10 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(10))} and {list.Count - 10} more";
    }
}
