using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Policy.Compliance.Report;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Policy.Compliance.AssessmentSamples;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>
/// The HTML compliance report, rendered in a real headless chromium: the heat map's cells carry SL-A / SL-T with their
/// colours, the statement of applicability, maturity, trend and plan are visible, and the page loads nothing from
/// elsewhere. The page and a screenshot are saved to <see cref="Chromium.ArtifactsFolder"/>.
/// </summary>
public sealed class ComplianceReportTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static string Render(out ComplianceAssessment assessment, out ImprovementPlan plan)
    {
        var history = Enumerable.Range(0, 5).Select(day => Assessment(T0.AddDays(day), $"asm-{day}", mfa: day >= 3, boundary: day >= 4)).ToList();
        assessment = Assessment(T0.AddDays(5), "asm-5", mfa: true, boundary: false);
        plan = ImprovementPlanner.Plan(assessment, [Risk(Vulnerability("plc-1", "CVE-2026-0001"))], new Dictionary<string, ActionStatusRecord>(), T0.AddDays(5));
        return ComplianceReportHtml.Render(assessment, plan, [.. history.Append(assessment).Select(ComplianceSummary.Of)], T0.AddDays(5).AddMinutes(1));
    }

    [SkippableFact]
    public async Task The_report_shows_the_heat_map_soa_maturity_trend_and_plan_in_a_browser()
    {
        var html = Render(out var assessment, out var plan);
        var page = await chromium.NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.SetContentAsync(html);

        Assert.Equal("Compliance report: plant berlin", await page.InnerTextAsync("#title"));
        // cell-1 with MFA but without the jump host: FR 1 reaches 2 of 2 (met), FR 7 0 of 2 (two short).
        var met = page.Locator("tr[data-zone='berlin/cell-1'] td[data-fr='1']");
        var far = page.Locator("tr[data-zone='berlin/cell-1'] td[data-fr='7']");
        var conduit = page.Locator("tr[data-conduit='berlin/mes-to-cell-1'] td[data-fr='5']");
        Assert.True(await met.IsVisibleAsync());
        Assert.Equal("2 / 2", await met.InnerTextAsync());
        Assert.Equal("0 / 2", await far.InnerTextAsync());
        Assert.Equal("0 / 2", await conduit.InnerTextAsync());
        Assert.Equal("rgb(45, 164, 78)", await met.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("rgb(207, 34, 46)", await far.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal("2 / 3", await page.InnerTextAsync("tr[data-zone='berlin/safety'] td[data-fr='1']"));
        Assert.Equal("rgb(242, 204, 96)", await page.Locator("tr[data-zone='berlin/safety'] td[data-fr='1']").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));
        Assert.Equal(21, await page.Locator("#heat-table td.cell").CountAsync());

        Assert.True(await page.Locator("#soa-table").IsVisibleAsync());
        Assert.Contains("implemented", await page.InnerTextAsync("tr[data-control='A.8.5']"));
        Assert.Contains("not applicable", await page.InnerTextAsync("tr[data-control='A.7.1']"));
        Assert.Contains("Advanced", await page.InnerTextAsync("tr[data-pillar='Identity']"));
        Assert.Equal(3, await page.Locator("tr[data-pillar='Identity'] .stage.on").CountAsync());
        Assert.True(await page.Locator("#trend-chart").IsVisibleAsync());
        Assert.Equal(6, await page.Locator("#trend-table tbody tr").CountAsync());
        Assert.Equal(plan.Actions.Count, await page.Locator("#plan-table tbody tr").CountAsync());
        Assert.Contains(plan.Actions[0].Title, await page.InnerTextAsync($"tr[data-action='{plan.Actions[0].Id}']"));
        Assert.Equal($"{ComplianceSummary.Of(assessment).ZonesAtTarget} of 2", (await page.InnerTextAsync("#zones-at-target b")).Trim());
        Assert.DoesNotContain(requests, url => url.StartsWith("http", StringComparison.Ordinal));

        await File.WriteAllTextAsync(Path.Combine(Chromium.ArtifactsFolder, "compliance-report.html"), html);
        var shot = Path.Combine(Chromium.ArtifactsFolder, "compliance-report.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 0);
        await page.Context.DisposeAsync();
    }

    [Fact]
    public void The_report_is_self_contained_and_escapes_what_it_quotes()
    {
        var assessment = Assessment(T0) with { Zones = [Assessment(T0).Zones[0] with { ZoneName = "<script>alert(1)</script>" }] };
        var plan = ImprovementPlanner.Plan(assessment, [], new Dictionary<string, ActionStatusRecord>(), T0);

        var html = ComplianceReportHtml.Render(assessment, plan, [], T0);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("href=\"http", html);
        Assert.Contains("No stored assessments yet.", html);
    }
}
