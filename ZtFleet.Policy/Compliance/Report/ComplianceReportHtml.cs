using System.Globalization;
using System.Net;
using System.Text;
using ZtFleet.Policy.Compliance.Plan;

namespace ZtFleet.Policy.Compliance.Report;

/// <summary>
/// The compliance report as one self-contained HTML page (inline CSS, no scripts, nothing loaded from elsewhere): SL-A
/// against SL-T per zone and conduit and foundational requirement as a heat map, the ISO/IEC 27001 statement of
/// applicability, maturity per pillar, the trend over stored assessments, and the improvement plan
/// (docs/compliance.md, "Report").
/// </summary>
public static class ComplianceReportHtml
{
    /// <summary>How many actions of the plan the report lists (the export has them all).</summary>
    public const int MaxActions = 100;

    /// <summary>How many stored assessments the trend shows, newest last.</summary>
    public const int MaxTrend = 60;

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#1b1f24;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        .meta{color:#57606a;font-size:13px}
        .cards{display:flex;gap:12px;flex-wrap:wrap;margin-top:12px}
        .card{border:1px solid #d0d7de;border-radius:6px;padding:10px 14px;min-width:150px}
        .card b{display:block;font-size:20px}
        table{border-collapse:collapse;font-size:13px}
        th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f6f8fa}
        table.heat td.cell{text-align:center;font-weight:600;min-width:54px}
        .met{background:#2da44e;color:#fff}.near{background:#f2cc60;color:#1b1f24}.far{background:#cf222e;color:#fff}.none{background:#eaeef2;color:#57606a}
        .legend span{display:inline-block;padding:2px 8px;margin-right:6px;border-radius:3px;font-size:12px}
        .stage{display:inline-block;width:28px;height:12px;margin-right:2px;border:1px solid #8c959f;background:#eaeef2}
        .stage.on{background:#0969da;border-color:#0969da}
        .status-implemented,.status-attested{color:#1a7f37;font-weight:600}.status-partially-implemented{color:#9a6700;font-weight:600}
        .status-not-implemented{color:#cf222e;font-weight:600}.status-not-applicable{color:#57606a}
        svg text{font-size:11px;fill:#57606a}
        """;

    /// <summary>
    /// The report of <paramref name="assessment"/>, with its <paramref name="plan"/> and the <paramref name="trend"/> of
    /// stored assessments of the same scope (any order), rendered at <paramref name="now"/>.
    /// </summary>
    public static string Render(ComplianceAssessment assessment, ImprovementPlan plan, IReadOnlyList<ComplianceSummary> trend, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(trend);
        var scope = ComplianceText.Scope(assessment.Plant);
        var summary = ComplianceSummary.Of(assessment);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>ZtFleet compliance report: {E(scope)}</title><style>{Css}</style></head><body>\n");
        html.Append(CultureInfo.InvariantCulture, $"<h1 id=\"title\">Compliance report: {(assessment.Plant is null ? "the fleet" : "plant " + E(scope))}</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"meta\">Assessment <code>{E(assessment.Id)}</code> at {E(ComplianceText.Time(assessment.At))}, fleet version {assessment.FleetVersion}; rendered {E(ComplianceText.Time(now))}.</div>\n");
        html.Append("<div class=\"cards\" id=\"summary\">");
        Card(html, "zones-at-target", $"{summary.ZonesAtTarget} of {summary.Zones}", "zones reach SL-T on every FR");
        Card(html, "requirements-failing", summary.RequirementsFailing.ToString(CultureInfo.InvariantCulture), "requirements not met or not attested");
        Card(html, "controls-implemented", $"{summary.ControlsImplemented} of {summary.ControlsApplicable}", "applicable Annex A controls implemented or attested");
        Card(html, "actions", plan.Actions.Count.ToString(CultureInfo.InvariantCulture), "improvement actions");
        html.Append("</div>\n");

        HeatMap(html, assessment);
        Controls(html, assessment);
        Maturity(html, assessment);
        Trend(html, trend);
        PlanSection(html, plan);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Card(StringBuilder html, string id, string value, string label) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\" id=\"{id}\"><b>{E(value)}</b>{E(label)}</div>");

    private static void HeatMap(StringBuilder html, ComplianceAssessment assessment)
    {
        html.Append("<h2 id=\"heat-map\">SL-A against SL-T per zone and foundational requirement</h2>\n");
        html.Append("<p class=\"legend\"><span class=\"met\">SL-A reaches SL-T</span><span class=\"near\">one level short</span><span class=\"far\">two or more short</span><span class=\"none\">no target</span> Each cell reads SL-A / SL-T.</p>\n");
        if (assessment.Zones.Count == 0 && assessment.Conduits.Count == 0)
        {
            html.Append("<p>No zones were assessed.</p>\n");
            return;
        }

        html.Append("<table class=\"heat\" id=\"heat-table\"><thead><tr><th>Zone or conduit</th>");
        foreach (var fr in Enum.GetValues<FoundationalRequirement>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<th>{E(ComplianceText.Fr(fr))}</th>");
        }

        html.Append("<th>Failing requirements</th></tr></thead><tbody>\n");
        foreach (var zone in assessment.Zones.OrderBy(z => z.Plant.Value, StringComparer.Ordinal).ThenBy(z => z.Zone.Value, StringComparer.Ordinal))
        {
            Row(html, "zone", $"{zone.Plant}/{zone.Zone}", $"zone {zone.ZoneName} ({zone.Plant}/{zone.Zone})", zone.Target, zone.Achieved, zone.Requirements);
        }

        foreach (var conduit in assessment.Conduits.OrderBy(c => c.Plant.Value, StringComparer.Ordinal).ThenBy(c => c.Conduit.Value, StringComparer.Ordinal))
        {
            Row(html, "conduit", $"{conduit.Plant}/{conduit.Conduit}", $"conduit {conduit.Plant}/{conduit.Conduit} ({conduit.From} → {conduit.To})", conduit.Target, conduit.Achieved, conduit.Requirements);
        }

        html.Append("</tbody></table>\n");
    }

    private static void Row(StringBuilder html, string kind, string id, string label, SecurityLevelVector target, SecurityLevelVector achieved, IReadOnlyList<RequirementResult> requirements)
    {
        html.Append(CultureInfo.InvariantCulture, $"<tr data-{kind}=\"{E(id)}\"><th>{E(label)}</th>");
        foreach (var fr in Enum.GetValues<FoundationalRequirement>())
        {
            var t = target[fr];
            var a = achieved[fr];
            var css = t == 0 ? "none" : a >= t ? "met" : t - a == 1 ? "near" : "far";
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"cell {css}\" data-fr=\"{(int)fr}\" title=\"{E(label)}, {E(ComplianceText.Fr(fr))}: SL-A {a}, SL-T {t}\">{a} / {t}</td>");
        }

        var failing = requirements.Where(r => ComplianceSummary.IsFailing(r.Status)).Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList();
        html.Append(CultureInfo.InvariantCulture, $"<td>{(failing.Count == 0 ? "none" : E(string.Join(", ", failing)))}</td></tr>\n");
    }

    private static void Controls(StringBuilder html, ComplianceAssessment assessment)
    {
        html.Append("<h2 id=\"soa\">ISO/IEC 27001:2022 Annex A: statement of applicability</h2>\n");
        if (assessment.Controls.Count == 0)
        {
            html.Append("<p>No controls were assessed.</p>\n");
            return;
        }

        var counts = assessment.Controls.GroupBy(c => c.Applicable ? c.Status : ControlStatus.NotApplicable)
            .OrderBy(g => g.Key).Select(g => $"{g.Count()} {ComplianceText.Status(g.Key)}");
        html.Append(CultureInfo.InvariantCulture, $"<p id=\"soa-counts\">{E(string.Join(", ", counts))}.</p>\n");
        html.Append("<table id=\"soa-table\"><thead><tr><th>Control</th><th>Title</th><th>Status</th><th>Justification</th><th>IEC 62443-3-3</th></tr></thead><tbody>\n");
        foreach (var control in assessment.Controls)
        {
            var status = control.Applicable ? control.Status : ControlStatus.NotApplicable;
            var css = "status-" + ComplianceText.Status(status).Replace(' ', '-');
            html.Append(CultureInfo.InvariantCulture, $"<tr data-control=\"{E(control.Id)}\"><td>{E(control.Id)}</td><td>{E(control.Title)}</td><td class=\"{css}\">{E(ComplianceText.Status(status))}</td><td>{E(control.Justification)}</td><td>{E(string.Join(", ", control.RelatedRequirements))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Maturity(StringBuilder html, ComplianceAssessment assessment)
    {
        html.Append("<h2 id=\"maturity\">Zero Trust maturity per pillar (CISA ZTMM v2)</h2>\n");
        if (assessment.Maturity.Count == 0)
        {
            html.Append("<p>No maturity was assessed.</p>\n");
            return;
        }

        html.Append("<table id=\"maturity-table\"><thead><tr><th>Pillar</th><th>Stage</th><th></th><th>Criteria not met for the next stage</th></tr></thead><tbody>\n");
        foreach (var pillar in assessment.Maturity)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-pillar=\"{E(pillar.Pillar.ToString())}\"><td>{E(ComplianceText.Pillar(pillar.Pillar))}</td><td>{E(pillar.Stage.ToString())}</td><td>");
            foreach (var stage in Enum.GetValues<MaturityStage>())
            {
                html.Append(CultureInfo.InvariantCulture, $"<span class=\"stage{(stage <= pillar.Stage ? " on" : string.Empty)}\" title=\"{E(stage.ToString())}\"></span>");
            }

            var next = pillar.Criteria.Where(c => !c.Met && c.Stage == pillar.Stage + 1).Select(c => c.Statement).ToList();
            html.Append(CultureInfo.InvariantCulture, $"</td><td>{(next.Count == 0 ? (pillar.Stage == MaturityStage.Optimal ? "optimal" : "none listed") : E(string.Join("; ", next)))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void Trend(StringBuilder html, IReadOnlyList<ComplianceSummary> trend)
    {
        html.Append("<h2 id=\"trend\">Trend over stored assessments</h2>\n");
        var points = trend.OrderBy(t => t.At).ThenBy(t => t.Id, StringComparer.Ordinal).TakeLast(MaxTrend).ToList();
        if (points.Count == 0)
        {
            html.Append("<p>No stored assessments yet.</p>\n");
            return;
        }

        // Zones at target (blue) and failing requirements (red), each scaled to its own maximum.
        const int width = 640, height = 160, pad = 24;
        var maxZones = Math.Max(1, points.Max(p => p.Zones));
        var maxFailing = Math.Max(1, points.Max(p => p.RequirementsFailing));
        string X(int i) => (pad + (points.Count == 1 ? (width - (2 * pad)) / 2.0 : i * (width - (2.0 * pad)) / (points.Count - 1))).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double v, double max) => (height - pad - (v / max * (height - (2.0 * pad)))).ToString("0.#", CultureInfo.InvariantCulture);
        var zones = string.Join(" ", points.Select((p, i) => $"{X(i)},{Y(p.ZonesAtTarget, maxZones)}"));
        var failing = string.Join(" ", points.Select((p, i) => $"{X(i)},{Y(p.RequirementsFailing, maxFailing)}"));
        html.Append(CultureInfo.InvariantCulture, $"<svg id=\"trend-chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"trend\">");
        html.Append(CultureInfo.InvariantCulture, $"<rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#f6f8fa\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#0969da\" stroke-width=\"2\" points=\"{zones}\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"#cf222e\" stroke-width=\"2\" points=\"{failing}\"/>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{pad}\" y=\"14\">blue: zones at target (max {maxZones}); red: failing requirements (max {maxFailing})</text></svg>\n");
        html.Append("<table id=\"trend-table\"><thead><tr><th>Assessment</th><th>At</th><th>Fleet version</th><th>Zones at target</th><th>Failing requirements</th><th>Controls implemented</th><th>Lowest maturity</th></tr></thead><tbody>\n");
        foreach (var point in Enumerable.Reverse(points))
        {
            var lowest = point.Maturity.Count == 0 ? "-" : point.Maturity.Values.Min().ToString();
            html.Append(CultureInfo.InvariantCulture, $"<tr><td><code>{E(point.Id)}</code></td><td>{E(ComplianceText.Time(point.At))}</td><td>{point.FleetVersion}</td><td>{point.ZonesAtTarget} of {point.Zones}</td><td>{point.RequirementsFailing}</td><td>{point.ControlsImplemented} of {point.ControlsApplicable}</td><td>{E(lowest)}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static void PlanSection(StringBuilder html, ImprovementPlan plan)
    {
        html.Append("<h2 id=\"plan\">Improvement plan</h2>\n");
        if (plan.Actions.Count == 0)
        {
            html.Append("<p>No gaps: nothing to improve.</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<p>{plan.Actions.Count} actions, highest risk reduced first{(plan.Actions.Count > MaxActions ? $"; the first {MaxActions} are listed (the Markdown and OSCAL exports hold all)" : string.Empty)}.</p>\n");
        html.Append("<table id=\"plan-table\"><thead><tr><th>#</th><th>Action</th><th>What to change</th><th>Closes</th><th>Expected</th><th>Effort</th><th>Risk</th><th>Status</th></tr></thead><tbody>\n");
        var number = 0;
        foreach (var action in plan.Actions.Take(MaxActions))
        {
            number++;
            var closes = action.Gaps.Where(g => g.Closes).Select(g => g.Where is null ? g.Id : $"{g.Id} ({g.Where})").Distinct(StringComparer.Ordinal).ToList();
            var expected = action.LevelChanges.Select(l => $"{l.Target} {ComplianceText.Fr(l.Fr)} {l.From}→{l.To}")
                .Concat(action.StageChanges.Select(s => $"{ComplianceText.Pillar(s.Pillar)} {s.From}→{s.To}")).ToList();
            html.Append(CultureInfo.InvariantCulture, $"<tr data-action=\"{E(action.Id)}\"><td>{number}</td><td>{E(action.Title)}</td><td>{E(action.Change)}</td><td>{E(closes.Count == 0 ? "helps close " + action.Gaps.Count : string.Join(", ", closes))}</td><td>{E(expected.Count == 0 ? "-" : string.Join("; ", expected))}</td><td>{E(ImprovementPlanMarkdown.Effort(action.Effort))}</td><td>{action.Risk.ToString("0.##", CultureInfo.InvariantCulture)}</td><td>{E(ImprovementPlanMarkdown.Status(action))}</td></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
