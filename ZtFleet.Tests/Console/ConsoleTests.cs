using System.Globalization;
using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Playwright;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Policy.Vulnerabilities;
using ZtFleet.Tests.Propagation;
using ZtFleet.WebConsole.Hosting;
using static Microsoft.Playwright.Assertions;

namespace ZtFleet.Tests.WebConsole;

/// <summary>
/// The web console in a real browser (Debian's chromium through Playwright): a real API and silo, the console on a
/// loopback port, users signed in through the development sign-in. Screenshots of every view go to
/// <see cref="Chromium.ArtifactsFolder"/>.
/// </summary>
public sealed class ConsoleTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IAsyncLifetime
{
    private readonly ApiServer _api = new();
    private ConsoleServer? _console;

    // Only bounds a run on a busy machine: each wait ends as soon as the page shows what it waits for.
    private const float AssessTimeout = 90_000;

    static ConsoleTests() => SetDefaultExpectTimeout(20_000);

    private AccessService.AccessServiceClient Access => new(_api.Channel);

    private ComplianceService.ComplianceServiceClient Compliance => new(_api.Channel);

    private string Console => _console!.Address;

    public async Task InitializeAsync()
    {
        if (Chromium.ExecutablePath is null)
        {
            return;
        }

        await _api.InitializeAsync();
        await _api.ApplyAsync(TestFleets.TwoPlants);
        _console = await ConsoleServer.StartAsync(_api);
    }

    public async Task DisposeAsync()
    {
        if (_console is not null)
        {
            await _console.DisposeAsync();
            await _api.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Two_approvers_grant_safety_access_and_the_second_sees_what_the_first_approved()
    {
        Chromium.Require();
        await Access.RequestAccessAsync(Request("req-safety", "sis-1"), _api.AsSubject("planner", Role.PlantAdmin, "berlin"));

        var alice = await SignInAsync("alice");
        await alice.GotoAsync($"{Console}/plants/berlin/approvals");
        var aliceCard = alice.Locator("[data-request='req-safety']");
        await Expect(aliceCard.GetByTestId("approval-count")).ToHaveTextAsync("0 of 2 approvals");
        await Expect(aliceCard).ToContainTextAsync("safety target: two approvers");
        await aliceCard.GetByTestId("decision-note").FillAsync("checked the vendor advisory; SIS stays armed");
        await aliceCard.GetByTestId("approve").ClickAsync();
        await Expect(alice.Locator("[data-decided='req-safety']")).ToContainTextAsync("requested (approved by alice)");
        // Still pending: it needs a second, different approver.
        await Expect(alice.Locator("[data-request='req-safety']").GetByTestId("approval-count")).ToHaveTextAsync("1 of 2 approvals");
        await ShotAsync(alice, "approvals-first-approver");

        var bob = await SignInAsync("bob");
        await bob.GotoAsync($"{Console}/plants/berlin/approvals");
        var bobCard = bob.Locator("[data-request='req-safety']");
        await Expect(bobCard.GetByTestId("approval-count")).ToHaveTextAsync("1 of 2 approvals");
        await Expect(bobCard.GetByTestId("approvals")).ToContainTextAsync("alice approved this request");
        await Expect(bobCard.GetByTestId("approvals")).ToContainTextAsync("checked the vendor advisory; SIS stays armed");
        await Expect(bobCard).ToContainTextAsync("asset sis-1");
        await Expect(bobCard).ToContainTextAsync("program");
        await ShotAsync(bob, "approvals-second-approver");

        await bobCard.GetByTestId("approve").ClickAsync();
        await Expect(bob.Locator("[data-decided='req-safety']")).ToContainTextAsync("active (approved by alice, bob)");
        await Expect(bob.GetByTestId("no-pending")).ToBeVisibleAsync();

        var granted = await Access.GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = "req-safety" }, _api.As(Role.FleetAdmin));
        Assert.Equal(AccessRequestStatus.Active, granted.Status);
        Assert.Equal(["alice", "bob"], granted.ApprovedBy);
        Assert.Equal("checked the vendor advisory; SIS stays armed", granted.Approvals[0].Comment);

        // The grant is now listed among the active ones.
        await bob.GotoAsync($"{Console}/plants/berlin/access");
        await Expect(bob.Locator("[data-grant='req-safety']")).ToContainTextAsync("alice, bob");
        await ShotAsync(bob, "grants-and-locks");
        await alice.Context.DisposeAsync();
        await bob.Context.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_revocation_made_in_the_console_is_seen_reaching_every_enforcement_point_as_each_acknowledges()
    {
        Chromium.Require();
        var points = new List<EnforcementPoint>();
        for (var i = 1; i <= 3; i++)
        {
            points.Add(await EnforcementPoint.EnrollAsync(_api, $"berlin-gw-{i}", "berlin"));
        }

        await Access.RequestAccessAsync(Request("req-plc", "plc-1"), _api.AsSubject("planner", Role.PlantAdmin, "berlin"));
        await Access.ApproveAccessAsync(new ApproveAccessRequest { RequestId = "req-plc" }, _api.AsSubject("alice", Role.Approver, "berlin"));

        var watching = await SignInAsync("admin");
        await watching.GotoAsync($"{Console}/plants/berlin/enforcement");
        await Expect(watching.Locator("[data-point]")).ToHaveCountAsync(3);

        // Another tab of the same user revokes the grant.
        var revoking = await watching.Context.NewPageAsync();
        revoking.SetDefaultNavigationTimeout(90_000);
        revoking.SetDefaultTimeout(60_000);
        await revoking.GotoAsync($"{Console}/plants/berlin/access");
        var grant = revoking.Locator("[data-grant='req-plc']");
        await grant.GetByTestId("revoke-reason").FillAsync("job done early");
        await grant.GetByTestId("revoke").ClickAsync();
        var epochText = await revoking.GetByTestId("revocation-epoch").InnerTextAsync();
        var revocation = long.Parse(epochText, CultureInfo.InvariantCulture);
        await Expect(revoking.GetByTestId("no-grants")).ToBeVisibleAsync();
        var revoked = await Access.GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = "req-plc" }, _api.As(Role.FleetAdmin));
        Assert.Equal(AccessRequestStatus.Revoked, revoked.Status);
        Assert.Equal(revocation, revoked.Epochs.Single(e => e.PlantId == "berlin").Epoch);

        // The watching page learns of the revocation from the stream and follows it: nobody has acknowledged it yet.
        await Expect(watching.GetByTestId("followed-epoch")).ToHaveTextAsync(epochText);
        await Expect(watching.GetByTestId("following")).ToContainTextAsync("identity-changed");
        await Expect(watching.GetByTestId("acknowledged-count")).ToHaveTextAsync("0 of 3");

        // Each point receives the revocation over its own watch and acknowledges it; the page shows each as it arrives.
        for (var i = 0; i < points.Count; i++)
        {
            await using (var watch = points[i].Watch(revocation - 1))
            {
                Assert.Contains(await watch.UntilAsync(revocation), d => d.Epoch == revocation && d.Kind == "identity-changed");
            }

            await points[i].AckAsync(revocation);
            await Expect(watching.Locator($"[data-point='berlin-gw-{i + 1}']").GetByTestId("point-state")).ToHaveTextAsync("acknowledged");
            await Expect(watching.GetByTestId("acknowledged-count")).ToHaveTextAsync($"{i + 1} of 3");
            if (i == 0)
            {
                await ShotAsync(watching, "enforcement-points-one-acknowledged");
            }
        }

        await ShotAsync(watching, "enforcement-points");
        await watching.Context.DisposeAsync();
    }

    [SkippableFact]
    public async Task Every_view_renders_for_a_fleet_admin_and_is_saved_as_a_screenshot()
    {
        Chromium.Require();
        var locked = await Access.LockIdentityAsync(new LockIdentityRequest { IdentityId = "vendor-tech", Reason = "badge reported stolen" }, _api.As(Role.FleetAdmin));
        var point = await EnforcementPoint.EnrollAsync(_api, "berlin-gw-1", "berlin");
        await point.AckAsync(locked.Epochs.Single(e => e.PlantId == "berlin").Epoch);
        await EnforcementPoint.EnrollAsync(_api, "austin-gw-1", "austin");
        var page = await SignInAsync("admin");

        await Expect(page.Locator("[data-plant='berlin']")).ToContainTextAsync("Berlin Stamping");
        await Expect(page.Locator("[data-plant='berlin']")).ToContainTextAsync("1 in sync");
        // Austin's point has acknowledged nothing of its plant's epoch yet.
        await Expect(page.Locator("[data-plant='austin']")).ToContainTextAsync("0 in sync · 1 behind");
        await Expect(page.GetByTestId("fleet-version")).ToContainTextAsync("Committed generation 1");
        await ShotAsync(page, "fleet-overview");

        await page.GotoAsync($"{Console}/plants/berlin");
        // The zones are drawn, one box per zone, with a level band per Purdue level and the conduits between them.
        await Expect(page.Locator("svg[data-testid='zone-map'] g.zone")).ToHaveCountAsync(5);
        await Expect(page.Locator("svg[data-testid='zone-map'] g.level")).ToHaveCountAsync(4);
        Assert.True(await page.Locator("svg[data-testid='zone-map'] g.conduit").CountAsync() > 0);
        await ShotAsync(page, "plant-zones");

        await page.GotoAsync($"{Console}/plants/berlin/assets");
        await Expect(page.Locator("[data-asset='plc-1']")).ToContainTextAsync("Press PLC");
        await ShotAsync(page, "assets");
        await page.Locator("[data-asset='plc-1'] a").ClickAsync();
        await Expect(page.GetByTestId("asset-detail")).ToContainTextAsync("CVE-2022-38465");
        await ShotAsync(page, "asset-detail");

        await page.GotoAsync($"{Console}/plants/berlin/identities");
        await Expect(page.Locator("[data-identity='vendor-tech']")).ToContainTextAsync("locked");
        await ShotAsync(page, "identities");
        await page.Locator("[data-identity='vendor-tech'] a").ClickAsync();
        await Expect(page.GetByTestId("identity-detail")).ToContainTextAsync("vendor-technician");
        await ShotAsync(page, "identity-detail");

        await page.GotoAsync($"{Console}/plants/berlin/approvals");
        await Expect(page.GetByTestId("no-pending")).ToBeVisibleAsync();
        await page.GotoAsync($"{Console}/plants/berlin/access");
        await Expect(page.GetByTestId("locks")).ToContainTextAsync("vendor-tech");
        await ShotAsync(page, "grants-and-locks-locked");

        await page.GotoAsync($"{Console}/plants/berlin/enforcement");
        await Expect(page.Locator("[data-point='berlin-gw-1']")).ToBeVisibleAsync();
        await ShotAsync(page, "enforcement-points-idle");

        await page.GotoAsync($"{Console}/plants/berlin/detections");
        await Expect(page.GetByTestId("detections")).ToBeVisibleAsync();
        await ShotAsync(page, "detections");

        await page.GotoAsync($"{Console}/plants/berlin/incidents");
        await Expect(page.GetByTestId("no-incidents")).ToBeVisibleAsync();
        await ShotAsync(page, "incidents");

        await page.GotoAsync($"{Console}/plants/berlin/audit");
        await Expect(page.GetByTestId("audit-records")).ToContainTextAsync("enforcement.enrolled");
        await page.GetByTestId("verify").ClickAsync();
        await Expect(page.GetByTestId("verification")).ToContainTextAsync("Intact");
        await ShotAsync(page, "audit");

        await page.GotoAsync($"{Console}/plants/berlin/compliance");
        await Expect(page.GetByTestId("no-assessment")).ToBeVisibleAsync();
        await page.GetByTestId("assess").ClickAsync();
        // An assessment gathers every zone's facts: on a machine busy with the whole suite it takes a while.
        await Expect(page.Locator("table.heatmap td.cell").First).ToBeVisibleAsync(new() { Timeout = AssessTimeout });
        await Expect(page.GetByTestId("assessment-summary")).ToContainTextAsync("zones at target");
        await ShotAsync(page, "plant-compliance");

        await page.GotoAsync($"{Console}/plants/berlin/vulnerabilities");
        await Expect(page.GetByTestId("no-vulnerabilities")).ToBeVisibleAsync();
        await new VulnerabilityService.VulnerabilityServiceClient(_api.Channel).ImportAdvisoryAsync(
            new ImportAdvisoryRequest { Document = CsafReaderTests.Sample("ssa-412345-simatic-s7-1500.json") }, _api.As(Role.FleetAdmin));
        await page.ReloadAsync();
        var vulnerability = page.Locator("[data-vulnerability='plc-1/CVE-2026-41001']");
        await Expect(vulnerability).ToContainTextAsync("7.5");
        await Expect(vulnerability).ToContainTextAsync("SSA-");
        await ShotAsync(page, "vulnerabilities");
        await page.Context.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_fleet_admin_assesses_the_fleet_sees_the_heat_map_and_the_plan_changes_an_action_and_opens_the_report()
    {
        Chromium.Require();
        var page = await SignInAsync("admin");
        await page.GetByTestId("fleet-compliance-link").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Console}/fleet/compliance");
        await Expect(page.GetByTestId("no-assessment")).ToBeVisibleAsync();
        await ShotAsync(page, "fleet-compliance-empty");

        await page.GetByTestId("assess").ClickAsync();
        await Expect(page.GetByTestId("assessment-summary")).ToContainTextAsync("zones at target", new() { Timeout = AssessTimeout });
        var stored = (await Compliance.GetAssessmentAsync(new GetAssessmentRequest { Scope = "fleet" }, _api.As(Role.FleetAdmin))).Assessment;
        await Expect(page.GetByTestId("assessment-summary")).ToContainTextAsync(stored.Summary.AssessmentId);

        // One row per zone of both plants, seven coloured cells each: SL-A / SL-T.
        var zone = stored.Zones[0];
        var cell = page.Locator($"[data-cell='{zone.PlantId}/{zone.ZoneId}/fr1']");
        await Expect(cell).ToHaveTextAsync($"{zone.Achieved[0]} / {zone.Target[0]}");
        await Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("cell (met|short|gap|none)"));
        await Expect(page.Locator("table.heatmap td.cell")).ToHaveCountAsync(stored.Zones.Count * 7);
        await Expect(page.GetByTestId("maturity").Locator("[data-pillar]")).ToHaveCountAsync(stored.Maturity.Count);

        // The plan, highest risk first, as the API has it.
        var plan = await Compliance.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "fleet" }, _api.As(Role.FleetAdmin));
        Assert.NotEmpty(plan.Actions);
        await Expect(page.GetByTestId("plan").Locator("[data-action]")).ToHaveCountAsync(plan.Actions.Count);
        await ShotAsync(page, "fleet-compliance");

        // An admin moves the first action to in progress, with a note.
        var first = page.Locator($"[data-action='{plan.Actions[0].ActionId}']");
        await first.GetByTestId("status-choice").SelectOptionAsync(nameof(ImprovementActionStatus.InProgress));
        await first.GetByTestId("status-note").FillAsync("ticket OT-12 opened");
        await first.GetByTestId("set-status").ClickAsync();
        await Expect(first.GetByTestId("action-status")).ToContainTextAsync("in-progress");
        await Expect(first.GetByTestId("action-status")).ToContainTextAsync("ticket OT-12 opened");
        var changed = await Compliance.GetImprovementPlanAsync(new GetImprovementPlanRequest { Scope = "fleet" }, _api.As(Role.FleetAdmin));
        Assert.Equal(ImprovementActionStatus.InProgress, changed.Actions.Single(a => a.ActionId == plan.Actions[0].ActionId).Status);
        await ShotAsync(page, "fleet-compliance-action-changed");

        // The report is served by the console with the user's sign-in: the URL carries no token.
        var href = await page.GetByTestId("report-link").GetAttributeAsync("href");
        Assert.Equal("/compliance/fleet/report", href);
        var report = await page.Context.NewPageAsync();
        var response = await report.GotoAsync($"{Console}{href}");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"], StringComparison.Ordinal);
        Assert.Contains(stored.Summary.AssessmentId, await response.TextAsync(), StringComparison.Ordinal);
        await ShotAsync(report, "fleet-compliance-report");

        // Without a sign-in there is no report, only the sign-in page.
        using var http = new HttpClient();
        var anonymous = await http.GetAsync($"{Console}{href}");
        Assert.StartsWith($"{Console}/signin", anonymous.RequestMessage!.RequestUri!.ToString(), StringComparison.Ordinal);
        await page.Context.DisposeAsync();
    }

    [SkippableFact]
    public async Task The_sign_in_lives_in_an_http_only_cookie_never_in_a_url_and_forms_need_the_anti_forgery_token()
    {
        Chromium.Require();
        var anonymous = await chromium.NewPageAsync();
        anonymous.SetDefaultNavigationTimeout(90_000);
        await anonymous.GotoAsync($"{Console}/plants/berlin/assets");
        // Not signed in: sent to the sign-in page, which will return there.
        Assert.StartsWith($"{Console}/signin", anonymous.Url, StringComparison.Ordinal);
        await ShotAsync(anonymous, "sign-in");
        await anonymous.Context.DisposeAsync();

        var page = await SignInAsync("admin");
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);
        await page.GotoAsync($"{Console}/plants/berlin/assets");
        await Expect(page.Locator("[data-asset='plc-1']")).ToBeVisibleAsync();
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == ConsoleHosting.CookieName);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, cookie.SameSite);
        Assert.All(urls.Append(page.Url), url => Assert.DoesNotContain("eyJ", url, StringComparison.Ordinal));
        Assert.DoesNotContain("eyJ", await page.ContentAsync(), StringComparison.Ordinal);
        await page.Context.DisposeAsync();

        // A sign-in posted from elsewhere (no anti-forgery token) is refused.
        using var http = new HttpClient();
        var forged = await http.PostAsync($"{Console}/signin/development", new FormUrlEncodedContent(new Dictionary<string, string> { ["subject"] = "mallory", ["role"] = "fleet-admin" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain(forged.Headers, h => h.Key == "Set-Cookie" && h.Value.Any(v => v.StartsWith(ConsoleHosting.CookieName, StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task The_development_sign_in_is_refused_outside_Development()
    {
        Chromium.Require();
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ConsoleServer.StartAsync(_api, "Production", new Dictionary<string, string?>
        {
            ["ZtFleet:Console:DevelopmentSignIn:Enabled"] = "true",
        }));
        Assert.Contains("refused in the Production environment", ex.Message, StringComparison.Ordinal);

        // Without it, a production console offers no way in but the configured provider (none here), and no such post.
        await using var production = await ConsoleServer.StartAsync(_api, "Production");
        using var http = new HttpClient();
        var signIn = await http.GetStringAsync($"{production.Address}/signin");
        Assert.Contains("No sign-in is configured", signIn, StringComparison.Ordinal);
        Assert.DoesNotContain("Development sign-in", signIn, StringComparison.Ordinal);
    }

    private async Task<IPage> SignInAsync(string subject)
    {
        var page = await chromium.NewPageAsync();
        // Seven builds and test runs share two cores here: allow slow page loads.
        page.SetDefaultNavigationTimeout(90_000);
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{Console}/signin");
        await page.GetByTestId($"sign-in-as-{subject}").ClickAsync();
        await Expect(page).ToHaveURLAsync($"{Console}/");
        await Expect(page.GetByTestId("signed-in-as")).ToHaveTextAsync(subject);
        return page;
    }

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.ArtifactsFolder, $"console-{name}.png"), FullPage = true });

    private static RequestAccessRequest Request(string id, string asset) => new()
    {
        RequestId = id,
        IdentityId = "vendor-tech",
        PlantId = "berlin",
        Operations = { Operation.Program },
        AssetIds = { asset },
        NotBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(1)),
        NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(5)),
        Justification = "firmware update after vendor advisory",
        WorkOrder = "WO-4711",
    };
}
