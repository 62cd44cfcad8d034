using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Compliance.Plan;

/// <summary>
/// Generates the improvement plan of an assessment (docs/compliance.md, "Improvement plan"): one action per failing fact
/// and plant, grouping every gap that fact keeps open, with the expected SL-A and stage changes, an effort class and the
/// risk it reduces; ordered by that risk.
/// </summary>
/// <remarks>
/// <para>
/// A gap is a requirement of a zone or conduit that is not met or not attested, an applicable control not (or partly)
/// implemented, or a maturity criterion not met. Its failing facts (<see cref="ComplianceFact.Holds"/> false) name what
/// keeps it open, by key; a gap without failing facts is kept open by itself (<c>attest:SR 7.5</c> for an
/// unobservable requirement without an attestation, <c>requirement:</c>, <c>control:</c>, <c>maturity:</c> otherwise).
/// One action per (plant, key): it closes the gaps whose only failing key is its own, and helps close the others.
/// </para>
/// <para>
/// Expected SL-A: in each zone or conduit, a foundational requirement's level is projected as the level below its
/// lowest failing requirement, capped by the highest level it has requirements for; the action raises it when the
/// projection with the closed gaps counted as met is higher. Stages likewise: the highest stage all of whose criteria
/// (and those below) are met.
/// </para>
/// </remarks>
public static class ImprovementPlanner
{
    /// <summary>The most asset subjects per action whose blast radius is computed (the rest count without it).</summary>
    public const int MaxBlastRadii = 20;

    /// <summary>The plan of <paramref name="assessment"/> at <paramref name="now"/>, with the statuses people set (by action id).</summary>
    public static ImprovementPlan Plan(
        ComplianceAssessment assessment,
        IReadOnlyList<PlanRiskInput> risk,
        IReadOnlyDictionary<string, ActionStatusRecord> statuses,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(risk);
        ArgumentNullException.ThrowIfNull(statuses);
        var occurrences = Gaps(assessment);
        var weights = new RiskWeights(risk);
        var actions = occurrences
            .SelectMany(o => o.Keys.Select(k => (Plant: o.Plant, Key: k)))
            .Distinct()
            .Select(group => Build(assessment, group.Plant, group.Key, occurrences, weights, statuses, now))
            .OrderByDescending(a => a.Risk)
            .ThenBy(a => a.Id, StringComparer.Ordinal)
            .ToList();
        return new ImprovementPlan(assessment.Id, assessment.Plant, assessment.At, now, actions);
    }

    /// <summary>The stable id of the action for <paramref name="key"/> at <paramref name="plant"/> (null: fleet-wide).</summary>
    public static string ActionId(PlantId? plant, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{ComplianceText.Scope(plant)}|{key}"));
        return "act-" + Convert.ToHexStringLower(hash)[..16];
    }

    private static ImprovementAction Build(
        ComplianceAssessment assessment,
        PlantId? plant,
        string key,
        IReadOnlyList<Occurrence> all,
        RiskWeights weights,
        IReadOnlyDictionary<string, ActionStatusRecord> statuses,
        DateTimeOffset now)
    {
        var mine = all.Where(o => o.Plant == plant && o.Keys.Contains(key)).ToList();
        var closed = mine.Where(o => o.Keys.Count == 1).ToList();
        var gaps = mine.Select(o => o.Gap with { Closes = o.Keys.Count == 1 }).ToList();
        var subjects = mine.SelectMany(o => o.Facts.Where(f => string.Equals(f.Key, key, StringComparison.Ordinal)).SelectMany(f => f.Subjects))
            .Distinct()
            .OrderBy(s => s.Kind).ThenBy(s => s.Plant?.Value, StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            .ToList();
        var statement = mine.SelectMany(o => o.Facts).FirstOrDefault(f => string.Equals(f.Key, key, StringComparison.Ordinal))?.Statement;
        var id = ActionId(plant, key);
        statuses.TryGetValue(id, out var record);
        var (status, expired) = ActionStatusRules.Effective(record, now);
        var (score, reasons) = weights.Score(plant, mine, subjects);
        return new ImprovementAction(
            id,
            plant,
            key,
            Title(key, statement, mine),
            Change(key, subjects, mine),
            subjects,
            gaps,
            LevelChanges(assessment, closed),
            StageChanges(assessment, closed),
            Effort(key, subjects),
            score,
            reasons,
            status,
            record,
            expired);
    }

    private static string Title(string key, string? statement, IReadOnlyList<Occurrence> mine)
    {
        if (key.StartsWith("attest:", StringComparison.Ordinal))
        {
            return $"Attest {key["attest:".Length..]} ({mine[0].Gap.Title})";
        }

        if (statement is not null)
        {
            return statement;
        }

        return $"Close {mine[0].Gap.Id} ({mine[0].Gap.Title})";
    }

    private static string Change(string key, IReadOnlyList<ComplianceSubject> subjects, IReadOnlyList<Occurrence> mine)
    {
        if (key.StartsWith("attest:", StringComparison.Ordinal))
        {
            var where = mine.Select(o => o.Gap.Where).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            return $"Declare an attestation in force for {key["attest:".Length..]} in the fleet document's compliance: section"
                + (where.Count == 0 ? "." : $" (covering {List(where)}).");
        }

        if (subjects.Count == 0)
        {
            return $"Make '{key}' hold.";
        }

        var parts = subjects.GroupBy(s => s.Kind).Select(g =>
        {
            var names = g.Select(s => s.Plant is { } p && s.Kind != EntityKind.Plant ? $"{p}/{s.Id}" : s.Id).ToList();
            return $"{names.Count.ToString(CultureInfo.InvariantCulture)} {Noun(g.Key, names.Count)} ({List(names)})";
        });
        return $"Make '{key}' hold for {string.Join(", ", parts)}.";
    }

    private static string Noun(EntityKind kind, int count)
    {
        var singular = kind switch
        {
            EntityKind.Identity => "identity",
            EntityKind.Policy => "policy",
            _ => kind.ToString().ToLowerInvariant(),
        };
        return count == 1 ? singular : singular.EndsWith('y') ? singular[..^1] + "ies" : singular + "s";
    }

    private static string List(IReadOnlyList<string> items, int shown = 5) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown))} and {(items.Count - shown).ToString(CultureInfo.InvariantCulture)} more";

    /// <summary>
    /// Low for an attestation or a change to identities, roles or the policy; medium for zones, conduits, flows and
    /// playbooks (or when no subject is named); high for assets and plants. More than ten subjects raise it one class.
    /// </summary>
    internal static EffortClass Effort(string key, IReadOnlyList<ComplianceSubject> subjects)
    {
        if (key.StartsWith("attest:", StringComparison.Ordinal))
        {
            return EffortClass.Low;
        }

        var effort = subjects.Count == 0
            ? EffortClass.Medium
            : subjects.Max(s => s.Kind switch
            {
                EntityKind.Identity or EntityKind.Role or EntityKind.Policy => EffortClass.Low,
                EntityKind.Zone or EntityKind.Conduit or EntityKind.Flow or EntityKind.Playbook => EffortClass.Medium,
                _ => EffortClass.High,
            });
        return subjects.Count > 10 && effort < EffortClass.High ? effort + 1 : effort;
    }

    private static List<ExpectedLevelChange> LevelChanges(ComplianceAssessment assessment, IReadOnlyList<Occurrence> closed)
    {
        var changes = new List<ExpectedLevelChange>();
        foreach (var zone in assessment.Zones)
        {
            var done = closed.Where(o => o.Gap.Kind == GapKind.ZoneRequirement && o.Plant == zone.Plant && o.Gap.Where == zone.Zone.Value)
                .Select(o => o.Gap.Id).ToHashSet(StringComparer.Ordinal);
            changes.AddRange(Raised(zone.Plant, zone.Zone.Value, conduit: false, zone.Achieved, zone.Requirements, done));
        }

        foreach (var conduit in assessment.Conduits)
        {
            var done = closed.Where(o => o.Gap.Kind == GapKind.ConduitRequirement && o.Plant == conduit.Plant && o.Gap.Where == conduit.Conduit.Value)
                .Select(o => o.Gap.Id).ToHashSet(StringComparer.Ordinal);
            changes.AddRange(Raised(conduit.Plant, conduit.Conduit.Value, conduit: true, conduit.Achieved, conduit.Requirements, done));
        }

        return changes;
    }

    private static IEnumerable<ExpectedLevelChange> Raised(
        PlantId plant, string target, bool conduit, SecurityLevelVector achieved, IReadOnlyList<RequirementResult> requirements, HashSet<string> done)
    {
        if (done.Count == 0)
        {
            yield break;
        }

        foreach (var fr in Enum.GetValues<FoundationalRequirement>())
        {
            var of = requirements.Where(r => r.Fr == fr).ToList();
            var before = Projected(of, achieved[fr], _ => false);
            var after = Projected(of, achieved[fr], r => done.Contains(r.Id));
            if (after > before && Math.Max(achieved[fr], after) > achieved[fr])
            {
                yield return new ExpectedLevelChange(plant, target, conduit, fr, achieved[fr], Math.Max(achieved[fr], after));
            }
        }
    }

    /// <summary>The level below the lowest failing requirement, capped by the highest level the FR has requirements for.</summary>
    internal static int Projected(IReadOnlyList<RequirementResult> requirements, int achieved, Func<RequirementResult, bool> closed)
    {
        var cap = requirements.Where(r => r.Status != RequirementStatus.NotApplicable).Select(r => r.Level).DefaultIfEmpty(0).Max();
        cap = Math.Max(cap, achieved);
        var failing = requirements.Where(r => ComplianceSummary.IsFailing(r.Status) && !closed(r)).Select(r => r.Level).DefaultIfEmpty(int.MaxValue).Min();
        return Math.Clamp(Math.Min(cap, failing == int.MaxValue ? cap : failing - 1), 0, 4);
    }

    private static List<ExpectedStageChange> StageChanges(ComplianceAssessment assessment, IReadOnlyList<Occurrence> closed)
    {
        var done = closed.Where(o => o.Gap.Kind == GapKind.MaturityCriterion).Select(o => o.Gap.Id).ToHashSet(StringComparer.Ordinal);
        var changes = new List<ExpectedStageChange>();
        if (done.Count == 0)
        {
            return changes;
        }

        foreach (var pillar in assessment.Maturity)
        {
            var before = Stage(pillar.Criteria, _ => false);
            var after = Stage(pillar.Criteria, c => done.Contains(c.Id));
            if (after > before && after > pillar.Stage)
            {
                changes.Add(new ExpectedStageChange(pillar.Pillar, pillar.Stage, after));
            }
        }

        return changes;
    }

    /// <summary>
    /// The highest stage all of whose criteria, and those of the stages below, are met (Traditional at least), up to the
    /// highest stage that has criteria: a stage without any cannot be reached by meeting none.
    /// </summary>
    internal static MaturityStage Stage(IReadOnlyList<MaturityCriterion> criteria, Func<MaturityCriterion, bool> closed)
    {
        var stage = MaturityStage.Traditional;
        var highest = criteria.Select(c => c.Stage).DefaultIfEmpty(MaturityStage.Traditional).Max();
        foreach (var next in new[] { MaturityStage.Traditional, MaturityStage.Initial, MaturityStage.Advanced, MaturityStage.Optimal }.Where(s => s <= highest))
        {
            var at = criteria.Where(c => c.Stage <= next).ToList();
            if (at.All(c => c.Met || closed(c)))
            {
                stage = next;
            }
            else
            {
                break;
            }
        }

        return stage;
    }

    /// <summary>Every gap of the assessment with the failing keys that keep it open.</summary>
    private static List<Occurrence> Gaps(ComplianceAssessment assessment)
    {
        var gaps = new List<Occurrence>();
        foreach (var zone in assessment.Zones)
        {
            foreach (var requirement in zone.Requirements.Where(r => ComplianceSummary.IsFailing(r.Status)))
            {
                gaps.Add(Occurrence.Of(
                    new PlanGap(GapKind.ZoneRequirement, requirement.Id, requirement.Title, zone.Plant, zone.Zone.Value, false),
                    zone.Plant,
                    requirement.Facts,
                    requirement.Status == RequirementStatus.NotAttested ? "attest:" : "requirement:"));
            }
        }

        foreach (var conduit in assessment.Conduits)
        {
            foreach (var requirement in conduit.Requirements.Where(r => ComplianceSummary.IsFailing(r.Status)))
            {
                gaps.Add(Occurrence.Of(
                    new PlanGap(GapKind.ConduitRequirement, requirement.Id, requirement.Title, conduit.Plant, conduit.Conduit.Value, false),
                    conduit.Plant,
                    requirement.Facts,
                    requirement.Status == RequirementStatus.NotAttested ? "attest:" : "requirement:"));
            }
        }

        foreach (var control in assessment.Controls.Where(c => c.Applicable && ComplianceSummary.IsFailing(c.Status)))
        {
            gaps.Add(Occurrence.Of(new PlanGap(GapKind.Control, control.Id, control.Title, assessment.Plant, null, false), assessment.Plant, control.Facts, "control:"));
        }

        foreach (var criterion in assessment.Maturity.SelectMany(p => p.Criteria).Where(c => !c.Met))
        {
            gaps.Add(Occurrence.Of(
                new PlanGap(GapKind.MaturityCriterion, criterion.Id, criterion.Statement, assessment.Plant, null, false), assessment.Plant, criterion.Facts, "maturity:"));
        }

        return gaps;
    }

    /// <summary>One gap, the plant its action belongs to, its failing facts and their keys.</summary>
    private sealed record Occurrence(PlanGap Gap, PlantId? Plant, IReadOnlyList<ComplianceFact> Facts, IReadOnlySet<string> Keys)
    {
        public static Occurrence Of(PlanGap gap, PlantId? plant, IReadOnlyList<ComplianceFact> facts, string prefix)
        {
            var failing = facts.Where(f => !f.Holds).ToList();
            var keys = failing.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
            if (keys.Count == 0)
            {
                keys.Add(prefix + gap.Id);
            }

            return new Occurrence(gap, plant, failing, keys);
        }
    }

    /// <summary>
    /// Weighs gaps by where they are: a zone by its most critical asset's score (criticality × exposure, from
    /// <see cref="CriticalityRanking"/>) plus its assets' known vulnerabilities; plant-wide gaps by half the plant's
    /// heaviest zone; assets named by an action by their blast radius.
    /// </summary>
    private sealed class RiskWeights
    {
        private readonly Dictionary<PlantId, PlantWeights> _plants = [];

        public RiskWeights(IReadOnlyList<PlanRiskInput> inputs)
        {
            foreach (var input in inputs)
            {
                _plants[input.Plant.Id] = new PlantWeights(input);
            }
        }

        public (double Score, IReadOnlyList<string> Reasons) Score(PlantId? plant, IReadOnlyList<Occurrence> gaps, IReadOnlyList<ComplianceSubject> subjects)
        {
            var score = 0.0;
            var reasons = new List<string>();
            var described = new HashSet<string>(StringComparer.Ordinal);
            foreach (var occurrence in gaps)
            {
                var share = occurrence.Keys.Count == 1 ? 1.0 : 0.5;
                var (weight, where) = Weigh(occurrence, plant);
                score += weight * share;
                if (where is not null && described.Add(where.Value.Key))
                {
                    reasons.Add(where.Value.Reason);
                }
            }

            var closes = gaps.Count(g => g.Keys.Count == 1);
            reasons.Insert(0, $"closes {closes.ToString(CultureInfo.InvariantCulture)} of {gaps.Count.ToString(CultureInfo.InvariantCulture)} gaps it works on (a gap it only helps close counts half)");
            foreach (var asset in subjects.Where(s => s.Kind == EntityKind.Asset && s.Plant is not null).Take(MaxBlastRadii))
            {
                if (_plants.TryGetValue(asset.Plant!.Value, out var weights) && weights.Reach(asset.Id) is { } reached && reached > 0)
                {
                    score += Math.Log2(1 + reached);
                    reasons.Add($"asset {asset.Plant}/{asset.Id} reaches {reached.ToString(CultureInfo.InvariantCulture)} assets if compromised (blast radius)");
                }
            }

            return (Math.Round(score, 2, MidpointRounding.AwayFromZero), reasons);
        }

        private (double Weight, (string Key, string Reason)? Where) Weigh(Occurrence occurrence, PlantId? plant)
        {
            var gapPlant = occurrence.Gap.Plant ?? plant;
            switch (occurrence.Gap.Kind)
            {
                case GapKind.ZoneRequirement when gapPlant is { } p && _plants.TryGetValue(p, out var weights):
                    return weights.Zone(occurrence.Gap.Where!);
                case GapKind.ConduitRequirement when gapPlant is { } p && _plants.TryGetValue(p, out var weights):
                    return weights.Conduit(occurrence.Gap.Where!);
                case GapKind.Control or GapKind.MaturityCriterion:
                    var heaviest = gapPlant is { } q && _plants.TryGetValue(q, out var at)
                        ? at.Heaviest
                        : _plants.Values.Select(w => w.Heaviest).DefaultIfEmpty(1.0).Max();
                    return (heaviest / 2, null);
                default:
                    return (1.0, null);
            }
        }
    }

    private sealed class PlantWeights
    {
        private readonly PlanRiskInput _input;
        private readonly Dictionary<string, (double Weight, string Reason)> _zones = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _reach = new(StringComparer.Ordinal);

        public PlantWeights(PlanRiskInput input)
        {
            _input = input;
            var ranked = CriticalityRanking.Rank(input.Plant, input.Identities);
            var vulnerabilities = input.Vulnerabilities.ToLookup(v => v.Asset);
            foreach (var zone in input.Plant.Zones)
            {
                var assets = ranked.Where(r => r.Asset.Zone == zone.Id).ToList();
                var top = assets.MaxBy(r => r.Score);
                var known = assets.SelectMany(a => vulnerabilities[a.Asset.Id]).DistinctBy(v => (v.Asset, v.Cve)).ToList();
                var weight = (top?.Score ?? 1.0) + known.Sum(v => (v.Cvss ?? 5.0) / 10);
                var reason = $"zone {input.Plant.Id}/{zone.Id} weighs {weight.ToString("0.##", CultureInfo.InvariantCulture)}: "
                    + (top is null ? "no assets" : $"its most critical asset {top.Asset.Id} scores {top.Score.ToString("0.##", CultureInfo.InvariantCulture)} (criticality {top.Asset.Criticality.ToString(CultureInfo.InvariantCulture)} × exposure)")
                    + (known.Count == 0 ? string.Empty : $", {known.Count.ToString(CultureInfo.InvariantCulture)} known vulnerabilities ({string.Join(", ", known.Select(v => v.Cve).Distinct(StringComparer.Ordinal).Take(5))})");
                _zones[zone.Id.Value] = (weight, reason);
            }

            Heaviest = _zones.Values.Select(z => z.Weight).DefaultIfEmpty(1.0).Max();
        }

        public double Heaviest { get; }

        public (double, (string, string)?) Zone(string zone) =>
            _zones.TryGetValue(zone, out var z) ? (z.Weight, ($"zone:{zone}", z.Reason)) : (1.0, null);

        public (double, (string, string)?) Conduit(string conduit)
        {
            var spec = _input.Plant.Conduits.FirstOrDefault(c => c.Id.Value == conduit);
            if (spec is null)
            {
                return (1.0, null);
            }

            var from = Zone(spec.From.Value);
            var to = Zone(spec.To.Value);
            return from.Item1 >= to.Item1 ? from : to;
        }

        public int? Reach(string asset)
        {
            if (_reach.TryGetValue(asset, out var known))
            {
                return known;
            }

            if (!AssetId.TryParse(asset, out var id) || _input.Plant.Assets.All(a => a.Id != id))
            {
                return null;
            }

            return _reach[asset] = BlastRadius.Compute(_input.Plant, id).Reached.Count;
        }
    }
}
