using System.Globalization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Compliance.Comparison;

/// <summary>
/// One comparable fact of an assessment: a key stable across assessments (<c>sl/berlin/cell-1/fr1</c>), its value as
/// text (<c>2</c>, <c>NotMet</c>, <c>Initial</c>), and a sentence naming it. The keys and values of an assessment are
/// its <em>state</em>, stored beside it so that a trend over many assessments reads no whole assessment.
/// </summary>
public sealed record ComplianceItem(string Key, ComplianceItemKind Kind, PlantId? Plant, string Label, string Value)
{
    /// <summary>How good <see cref="Value"/> is, to say whether a change improved or regressed; null when not ranked.</summary>
    public int? Rank => RankOf(Kind, Value);

    /// <summary>Every comparable item of <paramref name="assessment"/>. Not-applicable requirements and controls are left out.</summary>
    public static IReadOnlyList<ComplianceItem> Flatten(ComplianceAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var items = new List<ComplianceItem>();
        foreach (var zone in assessment.Zones)
        {
            var where = $"zone {zone.ZoneName} ({zone.Plant}/{zone.Zone})";
            foreach (var fr in Enum.GetValues<FoundationalRequirement>())
            {
                items.Add(new ComplianceItem(
                    $"sl/{zone.Plant}/{zone.Zone}/fr{(int)fr}",
                    ComplianceItemKind.ZoneLevel,
                    zone.Plant,
                    $"SL-A of {where}, FR {(int)fr} (target {zone.Target[fr]})",
                    zone.Achieved[fr].ToString(CultureInfo.InvariantCulture)));
            }

            foreach (var requirement in zone.Requirements.Where(r => r.Status != RequirementStatus.NotApplicable))
            {
                items.Add(new ComplianceItem(
                    $"req/{zone.Plant}/{zone.Zone}/{requirement.Id}",
                    ComplianceItemKind.ZoneRequirement,
                    zone.Plant,
                    $"{requirement.Id} {requirement.Title} in {where}",
                    requirement.Status.ToString()));
            }
        }

        foreach (var conduit in assessment.Conduits)
        {
            var where = $"conduit {conduit.Plant}/{conduit.Conduit} ({conduit.From} to {conduit.To})";
            foreach (var fr in Enum.GetValues<FoundationalRequirement>())
            {
                items.Add(new ComplianceItem(
                    $"slc/{conduit.Plant}/{conduit.Conduit}/fr{(int)fr}",
                    ComplianceItemKind.ConduitLevel,
                    conduit.Plant,
                    $"SL-A of {where}, FR {(int)fr} (target {conduit.Target[fr]})",
                    conduit.Achieved[fr].ToString(CultureInfo.InvariantCulture)));
            }

            foreach (var requirement in conduit.Requirements.Where(r => r.Status != RequirementStatus.NotApplicable))
            {
                items.Add(new ComplianceItem(
                    $"creq/{conduit.Plant}/{conduit.Conduit}/{requirement.Id}",
                    ComplianceItemKind.ConduitRequirement,
                    conduit.Plant,
                    $"{requirement.Id} {requirement.Title} on {where}",
                    requirement.Status.ToString()));
            }
        }

        foreach (var control in assessment.Controls.Where(c => c.Applicable && c.Status != ControlStatus.NotApplicable))
        {
            items.Add(new ComplianceItem($"ctl/{control.Id}", ComplianceItemKind.Control, assessment.Plant, $"{control.Id} {control.Title}", control.Status.ToString()));
        }

        foreach (var pillar in assessment.Maturity)
        {
            items.Add(new ComplianceItem($"mat/{pillar.Pillar}", ComplianceItemKind.Maturity, assessment.Plant, $"Maturity of {ComplianceText.Pillar(pillar.Pillar)}", pillar.Stage.ToString()));
        }

        // A key appears once: a malformed assessment naming a zone twice keeps the first.
        return items.DistinctBy(i => i.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>The state of <paramref name="assessment"/>: every item's key and value.</summary>
    public static IReadOnlyDictionary<string, string> StateOf(ComplianceAssessment assessment) =>
        Flatten(assessment).ToDictionary(i => i.Key, i => i.Value, StringComparer.Ordinal);

    /// <summary>The kind of an item from its key.</summary>
    public static ComplianceItemKind? KindOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? key : key[..slash]) switch
        {
            "sl" => ComplianceItemKind.ZoneLevel,
            "slc" => ComplianceItemKind.ConduitLevel,
            "req" => ComplianceItemKind.ZoneRequirement,
            "creq" => ComplianceItemKind.ConduitRequirement,
            "ctl" => ComplianceItemKind.Control,
            "mat" => ComplianceItemKind.Maturity,
            _ => null,
        };
    }

    /// <summary>
    /// How good a value is: a level as itself; a requirement met or attested 2, not met or not attested 0; a control
    /// implemented or attested 2, partly 1, not 0; a maturity stage 1 (Traditional) to 4 (Optimal). Null: not ranked.
    /// </summary>
    public static int? RankOf(ComplianceItemKind kind, string value) => kind switch
    {
        ComplianceItemKind.ZoneLevel or ComplianceItemKind.ConduitLevel =>
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var level) ? level : null,
        ComplianceItemKind.ZoneRequirement or ComplianceItemKind.ConduitRequirement => Enum.TryParse<RequirementStatus>(value, out var status)
            ? status switch
            {
                RequirementStatus.Met or RequirementStatus.Attested => 2,
                RequirementStatus.NotMet or RequirementStatus.NotAttested => 0,
                _ => null,
            }
            : null,
        ComplianceItemKind.Control => Enum.TryParse<ControlStatus>(value, out var control)
            ? control switch
            {
                ControlStatus.Implemented or ControlStatus.Attested => 2,
                ControlStatus.PartiallyImplemented => 1,
                ControlStatus.NotImplemented => 0,
                _ => null,
            }
            : null,
        ComplianceItemKind.Maturity => Enum.TryParse<MaturityStage>(value, out var stage) ? (int)stage : null,
        _ => null,
    };
}
