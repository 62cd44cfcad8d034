using System.Text.Json;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Policy.Vulnerabilities;

namespace ZtFleet.Tests.Cli;

/// <summary>
/// <c>ztfleet compliance</c> and <c>ztfleet vulnerabilities</c> run as a process against a real API server (with the
/// real compliance assessor), as an operator uses them. Their own server: an import changes the fleet's trust.
/// </summary>
public sealed class ComplianceCliTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private readonly Ztfleet _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Assess_then_the_plan_as_json_an_action_status_and_the_html_report_with_its_heat_map()
    {
        LogInWithEnvironment(Role.FleetAdmin);

        var assessed = await _cli.RunAsync("compliance", "assess", "--scope", "berlin");
        var plan = await _cli.RunAsync("compliance", "plan", "--scope", "berlin", "-o", "json");
        var listed = await _cli.RunAsync("compliance", "list", "--scope", "berlin");
        var reportPath = Path.Combine(_cli.Folder, "x.html");
        var report = await _cli.RunAsync("compliance", "report", "--scope", "berlin", "-f", reportPath);
        var markdown = await _cli.RunAsync("compliance", "export", "--scope", "berlin", "--format", "markdown");

        Assert.True(assessed.ExitCode == 0, assessed.ToString());
        Assert.Contains(assessed.Lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["scope", "berlin"]);
        Assert.Contains("IEC 62443-3-3: SL-A/SL-T per foundational requirement", assessed.Output, StringComparison.Ordinal);
        Assert.Contains(assessed.Lines, line => line.StartsWith("zone ", StringComparison.Ordinal) && line.Contains("berlin", StringComparison.Ordinal));
        Assert.Contains("ISO/IEC 27001:2022 Annex A", assessed.Output, StringComparison.Ordinal);
        Assert.Contains("CISA Zero Trust maturity", assessed.Output, StringComparison.Ordinal);
        var assessmentId = assessed.Lines.Single(line => line.StartsWith("assessment ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];

        Assert.True(plan.ExitCode == 0, plan.ToString());
        var planJson = JsonDocument.Parse(plan.Output).RootElement;
        Assert.Equal((assessmentId, "berlin"), (planJson.GetProperty("assessmentId").GetString(), planJson.GetProperty("scope").GetString()));
        var actions = planJson.GetProperty("actions").EnumerateArray().ToList();
        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.StartsWith("act-", a.GetProperty("actionId").GetString(), StringComparison.Ordinal));

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(listed.Lines, line => line.StartsWith(assessmentId + " ", StringComparison.Ordinal));

        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.True(File.Exists(reportPath), report.ToString());
        var html = await File.ReadAllTextAsync(reportPath);
        Assert.Contains("id=\"heat-table\"", html, StringComparison.Ordinal);
        Assert.Contains("Compliance report: plant berlin", html, StringComparison.Ordinal);
        Assert.Contains($"Wrote the report of {assessmentId} to {reportPath}.", report.Error, StringComparison.Ordinal);

        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.StartsWith("# Improvement plan: berlin", markdown.Output, StringComparison.Ordinal);

        var actionId = actions[0].GetProperty("actionId").GetString()!;
        var set = await _cli.RunAsync("compliance", "action", "set", "--scope", "berlin", actionId, "--status", "in-progress", "--note", "ticket CHG-77");
        var planAfter = await _cli.RunAsync("compliance", "plan", "--scope", "berlin");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains(set.Lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["status", "in-progress"]);
        Assert.True(planAfter.ExitCode == 0, planAfter.ToString());
        Assert.Contains(planAfter.Lines, line => line.StartsWith(actionId + " ", StringComparison.Ordinal) && line.Contains(" in-progress ", StringComparison.Ordinal));

        var second = await _cli.RunAsync("compliance", "assess", "--scope", "berlin", "-o", "json");
        var compared = await _cli.RunAsync("compliance", "compare", "--scope", "berlin", assessmentId);
        var shown = await _cli.RunAsync("compliance", "show", "--scope", "berlin", assessmentId, "-o", "csv");

        Assert.True(second.ExitCode == 0, second.ToString());
        var secondId = JsonDocument.Parse(second.Output).RootElement.GetProperty("assessment").GetProperty("summary").GetProperty("assessmentId").GetString();
        Assert.NotEqual(assessmentId, secondId);
        Assert.True(compared.ExitCode == 0, compared.ToString());
        Assert.Contains($"{assessmentId} (", compared.Error, StringComparison.Ordinal);
        Assert.Contains($"-> {secondId} (", compared.Error, StringComparison.Ordinal);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Equal("kind,plant,id,fr1,fr2,fr3,fr4,fr5,fr6,fr7,at target,failing", shown.Lines[0]);
        Assert.Contains(shown.Lines, line => line.StartsWith("zone,berlin,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compliance_refusals_exit_with_their_codes()
    {
        LogInWithEnvironment(Role.FleetAdmin);

        var unknownPlant = await _cli.RunAsync("compliance", "assess", "--scope", "atlantis");
        var badStatus = await _cli.RunAsync("compliance", "action", "set", "--scope", "berlin", "act-0", "--status", "finished");
        var noScope = await _cli.RunAsync("compliance", "plan");

        Assert.True(unknownPlant.ExitCode == 4, unknownPlant.ToString());
        Assert.True(badStatus.ExitCode == 2, badStatus.ToString());
        Assert.True(noScope.ExitCode == 2, noScope.ToString());
    }

    [Fact]
    public async Task Import_a_csaf_advisory_as_a_dry_run_then_for_real_and_list_the_vulnerabilities()
    {
        LogInWithEnvironment(Role.FleetAdmin);
        var advisory = _cli.WriteFile("ssa.json", CsafReaderTests.Sample("ssa-412345-simatic-s7-1500.json"));

        var dryRun = await _cli.RunAsync("vulnerabilities", "import", advisory, "--dry-run");
        var afterDryRun = await _cli.RunAsync("vulnerabilities", "list", "--plant", "berlin");
        var imported = await _cli.RunAsync("vulnerabilities", "import", advisory);
        var listed = await _cli.RunAsync("vulnerabilities", "list", "--plant", "berlin");
        var critical = await _cli.RunAsync("vulnerabilities", "list", "--plant", "berlin", "--min-cvss", "8", "-o", "json");
        var advisories = await _cli.RunAsync("vulnerabilities", "advisories", "-o", "csv");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains(dryRun.Lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["berlin", "plc-1", "CVE-2026-41001", "7.5", ..]);
        Assert.Contains("Dry run: SSA-412345 revision 1 (Siemens ProductCERT) would give 1 known vulnerabilities; nothing stored.", dryRun.Error, StringComparison.Ordinal);
        Assert.True(afterDryRun.ExitCode == 0, afterDryRun.ToString());
        Assert.Empty(afterDryRun.Lines);
        Assert.Contains("No known vulnerabilities match.", afterDryRun.Error, StringComparison.Ordinal);

        Assert.True(imported.ExitCode == 0, imported.ToString());
        Assert.Contains("Imported SSA-412345 revision 1 (Siemens ProductCERT): 1 known vulnerabilities.", imported.Error, StringComparison.Ordinal);
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Equal(["PLANT", "ASSET", "CVE", "CVSS", "ADVISORY"], listed.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..5]);
        Assert.Contains(listed.Lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["berlin", "plc-1", "CVE-2026-41001", "7.5", "SSA-412345", "r1", ..]);
        Assert.True(critical.ExitCode == 0, critical.ToString());
        Assert.False(JsonDocument.Parse(critical.Output).RootElement.TryGetProperty("vulnerabilities", out _));
        Assert.True(advisories.ExitCode == 0, advisories.ToString());
        Assert.StartsWith("id,version,publisher,released,imported,vulnerabilities,max cvss,matches,title", advisories.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith("SSA-412345,1,Siemens ProductCERT,", advisories.Lines[1], StringComparison.Ordinal);
    }

    private void LogInWithEnvironment(Role role)
    {
        _cli.Environment["ZTFLEET_SERVER"] = fixture.Address;
        _cli.Environment["ZTFLEET_TOKEN"] = Ztfleet.TokenOf(fixture.Server.AsSubject($"cli-{role}", role));
    }
}
