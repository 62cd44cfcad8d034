using System.Globalization;
using System.Numerics;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Access;

/// <summary>
/// The policy decision point: <c>Decide(request, snapshot, now)</c> is a pure function, the same in grains, in the
/// API's plant views and in any enforcement point that embeds it. See <c>docs/access-policy.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// Order: an unknown identity, a locked identity (an explicit deny beats any allow), an invalid request, an unknown
/// target and an unspecified or undefined operation are denied first; then a quarantine of the target, and a trust
/// tier (the lower of the identity's and the target asset's, <c>TrustTiers.Effective</c>) that does not allow the
/// operation (both only break-glass goes past). Then the candidates that cover the operation
/// on the target are tried in a fixed order, the identity's grants first, then its roles' permissions in the order
/// the roles are defined; the first whose conditions all hold allows. Failing that, a declared emergency on a
/// safety-related asset is allowed to an identity holding any role at the plant (break-glass, recorded). Otherwise
/// the decision is a deny: with the step-up obligation when some candidate failed on MFA freshness alone, or with the
/// reason of the candidate that failed on the fewest conditions.
/// </para>
/// <para>
/// A condition that cannot be evaluated (a shift the plant does not define, no MFA on record) does not hold. Unknown
/// enumeration values never match. <see cref="Decide"/> allocates nothing; <see cref="Explain"/> returns the same
/// decision with its facts as sentences.
/// </para>
/// </remarks>
public static class Engine
{
    /// <summary>
    /// How far in the future an MFA time may lie (clock skew between the identity provider and us); a later one
    /// cannot be evaluated and counts as no MFA.
    /// </summary>
    public static readonly TimeSpan MaxMfaClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The rule id of a break-glass allow.</summary>
    public const string BreakGlassRule = "break-glass";

    /// <summary>The rule id of a <see cref="DecisionReasons.TrustReduced"/> deny caused by the identity's tier.</summary>
    public const string TrustIdentityRule = "trust:identity";

    /// <summary>The rule id of a <see cref="DecisionReasons.TrustReduced"/> deny caused by the target asset's tier.</summary>
    public const string TrustAssetRule = "trust:asset";

    /// <summary>Decides <paramref name="request"/> at <paramref name="now"/> on <paramref name="snapshot"/>.</summary>
    public static Decision Decide(in AccessRequest request, PlantSnapshot snapshot, DateTimeOffset now) =>
        Evaluate(in request, snapshot, now, null);

    /// <summary>The same decision as <see cref="Decide"/>, with the facts that determined it (allocates).</summary>
    public static Decision Explain(in AccessRequest request, PlantSnapshot snapshot, DateTimeOffset now)
    {
        var facts = new List<string>();
        var decision = Evaluate(in request, snapshot, now, facts);
        return decision with { Facts = facts };
    }

    private static Decision Evaluate(in AccessRequest request, PlantSnapshot snapshot, DateTimeOffset now, List<string>? facts)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var model = snapshot.Model;
        var ttlEnd = now + model.DecisionTtl;
        var epoch = snapshot.Epoch;

        if (!snapshot.TryGetEntry(request.Subject, out var entry))
        {
            facts?.Add(Text($"{request.Subject} is not an identity of plant {model.Plant}"));
            return Deny(DecisionReasons.UnknownIdentity, null, ttlEnd, epoch);
        }

        var identity = entry.Identity;
        if (facts is not null)
        {
            DescribeIdentity(entry, model, facts);
        }

        if (identity.Locked)
        {
            facts?.Add(Text($"identity {identity.Id} is locked"));
            return Deny(DecisionReasons.IdentityLocked, null, ttlEnd, epoch);
        }

        if (request.Asset.HasValue == request.Zone.HasValue)
        {
            facts?.Add("a request names exactly one target: an asset or a zone");
            return Deny(DecisionReasons.InvalidRequest, null, ttlEnd, epoch);
        }

        TargetEntry? target;
        if (request.Asset is { } assetId)
        {
            model.Assets.TryGetValue(assetId, out target);
        }
        else
        {
            model.Zones.TryGetValue(request.Zone!.Value, out target);
        }

        if (target is null)
        {
            facts?.Add(Text($"{(request.Asset.HasValue ? $"asset {request.Asset}" : $"zone {request.Zone}")} is not part of plant {model.Plant}"));
            return Deny(DecisionReasons.UnknownTarget, null, ttlEnd, epoch);
        }

        if (facts is not null)
        {
            DescribeTarget(target, facts);
        }

        var operation = request.Operation;
        if (!operation.IsDefined())
        {
            facts?.Add(Text($"operation {operation} is not a known operation"));
            return Deny(DecisionReasons.InvalidOperation, null, ttlEnd, epoch);
        }

        facts?.Add(Text($"operation {InventoryVocabulary.Name(operation)}{(operation.IsDangerous() ? " (dangerous)" : string.Empty)}"));
        if (snapshot.QuarantineIndex.Of(target) is { } quarantine
            && (quarantine.Quarantine.Mode != QuarantineMode.RestrictWrites || operation != Operation.View))
        {
            // A quarantine beats any role or grant; only a declared emergency on a safety-related asset (break-glass)
            // goes past it, as safety comes first.
            facts?.Add(Text($"{(target.IsAsset ? $"asset {target.Asset}" : $"an asset of zone {target.Zone}")} is in quarantine ({quarantine.RuleId}, {(quarantine.Quarantine.Mode == QuarantineMode.Isolate ? "isolated" : "writes restricted: view only")})"));
            return request.Emergency && target.SafetyRelated && entry.HasRole
                ? BreakGlass(target, ttlEnd, epoch, facts)
                : Deny(DecisionReasons.Quarantined, quarantine.RuleId, ttlEnd, epoch);
        }

        // The trust tier bounds what any role or grant may allow (rights shrink before they vanish); an asset's own
        // posture never takes viewing away. Break-glass goes past it as past a quarantine.
        var assetTier = target.IsAsset ? snapshot.TrustTierOf(target.Asset) : (TrustTier?)null;
        var tier = TrustTiers.Effective(entry.TrustTier, assetTier);
        if (!TrustTiers.Allows(tier, operation))
        {
            var byAsset = assetTier is not null && tier != TrustTier.Unspecified && tier < entry.TrustTier;
            facts?.Add(Text($"trust tier {TrustVocabulary.Name(tier)} ({(byAsset ? $"asset {target.Asset} is {TrustVocabulary.Name(assetTier!.Value)}" : $"identity {identity.Id} is {TrustVocabulary.Name(entry.TrustTier)}")}) does not allow {InventoryVocabulary.Name(operation)}"));
            return request.Emergency && target.SafetyRelated && entry.HasRole
                ? BreakGlass(target, ttlEnd, epoch, facts)
                : Deny(DecisionReasons.TrustReduced, byAsset ? TrustAssetRule : TrustIdentityRule, ttlEnd, epoch);
        }

        var operationBit = Bits.Of((int)operation);
        var outcome = new Outcome(ttlEnd);

        foreach (var grant in entry.Grants)
        {
            if (!grant.Covers(operationBit, target))
            {
                continue;
            }

            var candidate = new Candidate(ttlEnd);
            var g = grant.Grant;
            if (now < g.NotBefore || now >= g.NotAfter)
            {
                candidate.Failed |= Failure.GrantWindow;
                if (now < g.NotBefore)
                {
                    outcome.ChangesAt(g.NotBefore);
                }
            }
            else
            {
                candidate.BoundSession(g.NotAfter);
            }

            CheckMfa(entry, model.GrantMfaMaxAge, now, ref candidate);
            facts?.Add(Describe(grant.RuleId, candidate, model, entry, now, Text($"window {Time(g.NotBefore)} – {Time(g.NotAfter)}")));
            if (candidate.Failed == Failure.None)
            {
                var recorded = operation == Operation.RemoteSession;
                return Allow(DecisionReasons.Grant, grant.RuleId, candidate, model.Policy.GrantMfaMaxAgeMinutes, recorded, epoch);
            }

            outcome.Record(grant.RuleId, candidate.Failed, model.Policy.GrantMfaMaxAgeMinutes);
        }

        foreach (var permission in entry.Permissions)
        {
            if (!permission.Covers(operationBit, target))
            {
                continue;
            }

            var candidate = new Candidate(ttlEnd);
            if (permission.OnShift)
            {
                CheckShift(entry, model.ShiftGrace, now, ref candidate, ref outcome);
            }

            if (permission.MaintenanceWindow)
            {
                CheckMaintenanceWindow(model, now, ref candidate, ref outcome);
            }

            if (entry.Trust < permission.MinTrust)
            {
                candidate.Failed |= Failure.Trust;
            }

            if (permission.MfaUnsatisfiable)
            {
                candidate.Failed |= Failure.Mfa;
            }
            else if (permission.MfaMaxAgeMinutes > 0)
            {
                CheckMfa(entry, permission.MfaMaxAge, now, ref candidate);
            }
            else if (entry.Identity.StepUpRequired)
            {
                candidate.Failed |= Failure.Mfa;
            }

            facts?.Add(Describe(permission.RuleId, candidate, model, entry, now, Conditions(permission)));
            if (candidate.Failed == Failure.None)
            {
                var recorded = operation == Operation.RemoteSession && entry.RemoteRecorded;
                return Allow(DecisionReasons.RolePermission, permission.RuleId, candidate, permission.MfaMaxAgeMinutes, recorded, epoch);
            }

            outcome.Record(permission.RuleId, candidate.Failed, permission.MfaMaxAgeMinutes);
        }

        if (request.Emergency && target.SafetyRelated && entry.HasRole)
        {
            return BreakGlass(target, ttlEnd, epoch, facts);
        }

        if (outcome.StepUpRule is not null)
        {
            facts?.Add(Text($"{outcome.StepUpRule} applies once MFA is at most {outcome.StepUpMinutes} min old: step up"));
            return new Decision
            {
                Effect = DecisionEffect.Deny,
                Reason = DecisionReasons.MfaRequired,
                RuleId = outcome.StepUpRule,
                Obligations = Obligations.StepUpMfa,
                MfaMaxAgeMinutes = outcome.StepUpMinutes,
                ValidUntil = outcome.DenyUntil,
                Epoch = epoch,
            };
        }

        if (outcome.BestRule is not null)
        {
            return Deny(ReasonOf(outcome.BestFailed), outcome.BestRule, outcome.DenyUntil, epoch);
        }

        facts?.Add("no role permission and no grant covers this operation on this target");
        return Deny(DecisionReasons.NoMatchingPermission, null, outcome.DenyUntil, epoch);
    }

    private static Decision BreakGlass(TargetEntry target, DateTimeOffset ttlEnd, long epoch, List<string>? facts)
    {
        facts?.Add(Text($"emergency declared on safety-related asset {target.Asset} by an identity holding a role at the plant: break-glass, the session is recorded"));
        return new Decision
        {
            Effect = DecisionEffect.Allow,
            Reason = DecisionReasons.BreakGlass,
            RuleId = BreakGlassRule,
            Obligations = Obligations.RecordSession,
            ValidUntil = ttlEnd,
            Epoch = epoch,
        };
    }

    private static void CheckShift(IdentityEntry entry, TimeSpan grace, DateTimeOffset now, ref Candidate candidate, ref Outcome outcome)
    {
        if (entry.Shift is not { } shift)
        {
            // No shift, or one the plant does not define: the condition cannot hold.
            candidate.Failed |= Failure.Shift;
            return;
        }

        var segment = shift.Lookup(now);
        if (segment.Inside)
        {
            candidate.BoundSession(segment.End + grace);
        }
        else if (segment.PreviousEnd is { } previousEnd && now < previousEnd + grace)
        {
            candidate.BoundSession(previousEnd + grace);
        }
        else
        {
            candidate.Failed |= Failure.Shift;
            if (segment.NextStart is { } next)
            {
                outcome.ChangesAt(next);
            }
        }
    }

    private static void CheckMaintenanceWindow(PlantModel model, DateTimeOffset now, ref Candidate candidate, ref Outcome outcome)
    {
        DateTimeOffset? openUntil = null;
        foreach (var window in model.MaintenanceWindows)
        {
            var segment = window.Lookup(now);
            if (segment.Inside)
            {
                // Overlapping windows: open at least until the latest of their ends.
                if (openUntil is null || segment.End > openUntil)
                {
                    openUntil = segment.End;
                }
            }
            else if (segment.NextStart is { } next)
            {
                outcome.ChangesAt(next);
            }
        }

        if (openUntil is { } until)
        {
            candidate.BoundSession(until);
        }
        else
        {
            candidate.Failed |= Failure.MaintenanceWindow;
        }
    }

    private static void CheckMfa(IdentityEntry entry, TimeSpan maxAge, DateTimeOffset now, ref Candidate candidate)
    {
        if (entry.Identity.Mfa is not { } mfa || entry.Identity.StepUpRequired)
        {
            candidate.Failed |= Failure.Mfa;
            return;
        }

        var age = now - mfa.AuthTime;
        if (age < -MaxMfaClockSkew || age >= maxAge)
        {
            candidate.Failed |= Failure.Mfa;
            return;
        }

        candidate.Bound(mfa.AuthTime + maxAge);
    }

    private static Decision Allow(string reason, string rule, in Candidate candidate, int mfaMinutes, bool recorded, long epoch)
    {
        var obligations = Obligations.None;
        if (recorded)
        {
            obligations |= Obligations.RecordSession;
        }

        if (candidate.SessionEnd is not null)
        {
            obligations |= Obligations.MaxSession;
        }

        return new Decision
        {
            Effect = DecisionEffect.Allow,
            Reason = reason,
            RuleId = rule,
            Obligations = obligations,
            MfaMaxAgeMinutes = mfaMinutes,
            ValidUntil = candidate.ValidUntil,
            SessionEnd = candidate.SessionEnd,
            Epoch = epoch,
        };
    }

    private static Decision Deny(string reason, string? rule, DateTimeOffset validUntil, long epoch) =>
        new()
        {
            Effect = DecisionEffect.Deny,
            Reason = reason,
            RuleId = rule,
            ValidUntil = validUntil,
            Epoch = epoch,
        };

    /// <summary>The first failed condition in the order a person fixes them: window, shift, maintenance, trust, MFA.</summary>
    private static string ReasonOf(Failure failed) =>
        (failed & Failure.GrantWindow) != 0 ? DecisionReasons.OutsideGrantWindow
        : (failed & Failure.Shift) != 0 ? DecisionReasons.OutsideShift
        : (failed & Failure.MaintenanceWindow) != 0 ? DecisionReasons.OutsideMaintenanceWindow
        : (failed & Failure.Trust) != 0 ? DecisionReasons.TrustTooLow
        : DecisionReasons.MfaRequired;

    private static void DescribeIdentity(IdentityEntry entry, PlantModel model, List<string> facts)
    {
        var identity = entry.Identity;
        var roles = (identity.Roles ?? []).Count == 0 ? "none" : string.Join(", ", identity.Roles!);
        var shift = identity.Shift is null ? "no shift"
            : entry.Shift is null ? $"shift {identity.Shift} (not defined at plant {model.Plant})"
            : $"shift {identity.Shift}";
        var mfa = identity.Mfa is { } m ? $"MFA {m.Method} at {Time(m.AuthTime)}" : "no MFA on record";
        facts.Add(Text($"identity {identity.Id} ({Name(identity.Kind)}) at plant {model.Plant}: roles {roles}; {shift}; trust {entry.Trust}{(entry.TrustTier == TrustTier.Trusted ? string.Empty : $" ({TrustVocabulary.Name(entry.TrustTier)})")}; {mfa}; {entry.Grants.Length} grant(s)"));
    }

    private static void DescribeTarget(TargetEntry target, List<string> facts)
    {
        var zone = target.ZoneSpec is { } z ? $"zone {z.Id} ({Name(z.Kind)})" : $"zone {target.Zone} (not defined)";
        facts.Add(target.AssetSpec is { } asset
            ? Text($"target asset {asset.Id} ({Name(asset.Type)}) in {zone}, criticality {asset.Criticality}{(asset.SafetyRelated ? ", safety-related" : string.Empty)}")
            : Text($"target {zone}"));
    }

    private static string Conditions(CompiledPermission permission)
    {
        var parts = new List<string>();
        if (permission.OnShift)
        {
            parts.Add("on shift");
        }

        if (permission.MaintenanceWindow)
        {
            parts.Add("in a maintenance window");
        }

        if (permission.MinTrust > 0)
        {
            parts.Add(Text($"trust >= {permission.MinTrust}"));
        }

        if (permission.MfaMaxAgeMinutes != 0)
        {
            parts.Add(Text($"MFA within {permission.MfaMaxAgeMinutes} min"));
        }

        return parts.Count == 0 ? "no conditions" : string.Join(", ", parts);
    }

    private static string Describe(string rule, in Candidate candidate, PlantModel model, IdentityEntry entry, DateTimeOffset now, string conditions)
    {
        if (candidate.Failed == Failure.None)
        {
            var session = candidate.SessionEnd is { } end ? Text($", session ends {Time(end)}") : string.Empty;
            return Text($"{rule} ({conditions}) applies; valid until {Time(candidate.ValidUntil)}{session}");
        }

        var failures = new List<string>();
        if ((candidate.Failed & Failure.GrantWindow) != 0)
        {
            failures.Add("outside the grant's window");
        }

        if ((candidate.Failed & Failure.Shift) != 0)
        {
            failures.Add(entry.Shift is null
                ? "no shift of this plant is assigned"
                : Text($"not on shift {entry.Shift.Id} (grace {model.Policy.ShiftGraceMinutes} min)"));
        }

        if ((candidate.Failed & Failure.MaintenanceWindow) != 0)
        {
            failures.Add("no maintenance window is open");
        }

        if ((candidate.Failed & Failure.Trust) != 0)
        {
            failures.Add(Text($"trust {entry.Trust} is too low"));
        }

        if ((candidate.Failed & Failure.Mfa) != 0)
        {
            failures.Add(entry.Identity.Mfa is { } mfa
                ? Text($"MFA is {(int)Math.Floor((now - mfa.AuthTime).TotalMinutes)} min old")
                : "no MFA on record");
        }

        return Text($"{rule} ({conditions}) does not apply: {string.Join("; ", failures)}");
    }

    private static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => InventoryVocabulary.TryName(value, out var name) ? name : value.ToString();

    private static string Time(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [Flags]
    private enum Failure
    {
        None = 0,
        GrantWindow = 1,
        Shift = 2,
        MaintenanceWindow = 4,
        Trust = 8,
        Mfa = 16,
    }

    /// <summary>One candidate's evaluation: what failed, and how long an allow by it would hold.</summary>
    private struct Candidate(DateTimeOffset ttlEnd)
    {
        public Failure Failed;
        public DateTimeOffset ValidUntil = ttlEnd;
        public DateTimeOffset? SessionEnd;

        /// <summary>The allow ends here (MFA expiry): caching stops, the session may go on.</summary>
        public void Bound(DateTimeOffset until)
        {
            if (until < ValidUntil)
            {
                ValidUntil = until;
            }
        }

        /// <summary>The allow and any session it opened end here (grant, shift or window end).</summary>
        public void BoundSession(DateTimeOffset until)
        {
            Bound(until);
            if (SessionEnd is null || until < SessionEnd)
            {
                SessionEnd = until;
            }
        }
    }

    /// <summary>What the failed candidates say about a deny: the step-up, the closest rule, when it may change.</summary>
    private struct Outcome(DateTimeOffset ttlEnd)
    {
        public DateTimeOffset DenyUntil = ttlEnd;
        public string? StepUpRule;
        public int StepUpMinutes;
        public string? BestRule;
        public Failure BestFailed;
        private int _bestCount = int.MaxValue;

        public void ChangesAt(DateTimeOffset boundary)
        {
            if (boundary < DenyUntil)
            {
                DenyUntil = boundary;
            }
        }

        public void Record(string rule, Failure failed, int mfaMinutes)
        {
            if (failed == Failure.Mfa)
            {
                if (StepUpRule is null)
                {
                    StepUpRule = rule;
                    StepUpMinutes = mfaMinutes;
                }

                return;
            }

            var count = BitOperations.PopCount((uint)failed);
            if (count < _bestCount)
            {
                _bestCount = count;
                BestRule = rule;
                BestFailed = failed;
            }
        }
    }
}
