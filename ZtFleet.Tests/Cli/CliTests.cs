using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Cli;

/// <summary>The <c>ztfleet</c> CLI run as a process against a real API server, as an operator uses it.</summary>
public sealed class CliTests(CliFixture fixture) : IClassFixture<CliFixture>, IDisposable
{
    private readonly Ztfleet _cli = new();

    private ApiServer Server => fixture.Server;

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_shows_the_dry_run_diff_as_a_table_and_applies_only_with_yes()
    {
        LogInWithEnvironment(Role.FleetAdmin);
        var document = _cli.WriteFile("fleet.yaml", CliFixture.Fleet.Replace(
            "\nidentities:",
            "\n      - id: plc-a2\n        name: Second assembly PLC\n        zone: cell-a\n        type: plc\n        ip: 10.1.21.12\n        criticality: 3\nidentities:",
            StringComparison.Ordinal));

        var dryRun = await _cli.RunAsync("fleet", "apply", document);

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Equal(["CHANGE", "KIND", "PLANT", "ID", "FIELDS"], dryRun.Lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(dryRun.Lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["added", "asset", "austin", "plc-a2"]);
        Assert.Contains("Dry run: 1 added, 0 changed, 0 removed; nothing applied. Run again with --yes to apply.", dryRun.Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RpcException>(() => Fleet.GetAssetAsync(new GetAssetRequest { PlantId = "austin", AssetId = "plc-a2" }, Server.As(Role.Auditor)).ResponseAsync);

        var applied = await _cli.RunAsync("fleet", "apply", document, "--yes", "--reason", "second PLC for line A", "--ticket", "CHG-2041");

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Matches(@"Applied as version \d+ \(generation \d+, apply [^)]+\): committed everywhere\.", applied.Error);
        var asset = await Fleet.GetAssetAsync(new GetAssetRequest { PlantId = "austin", AssetId = "plc-a2" }, Server.As(Role.Auditor));
        Assert.Equal("10.1.21.12", asset.Asset.Ip);
        var versions = await _cli.RunAsync("fleet", "versions", "list", "-o", "json");
        var newest = JsonDocument.Parse(versions.Output).RootElement.GetProperty("versions")[0];
        Assert.Equal(("second PLC for line A", "CHG-2041"), (newest.GetProperty("reason").GetString(), newest.GetProperty("changeTicket").GetString()));
    }

    [Fact]
    public async Task Assets_list_as_json_and_as_csv_that_a_spreadsheet_will_not_run()
    {
        LogInWithEnvironment(Role.Auditor);

        var json = await _cli.RunAsync("assets", "list", "--plant", "berlin", "--output", "json");

        Assert.True(json.ExitCode == 0, json.ToString());
        var assets = JsonDocument.Parse(json.Output).RootElement.GetProperty("assets").EnumerateArray().ToList();
        var plc = assets.Single(a => a.GetProperty("assetId").GetString() == "plc-1");
        Assert.Equal(("10.0.21.11", "cell-1", "ASSET_TYPE_PLC"), (plc.GetProperty("ip").GetString(), plc.GetProperty("zoneId").GetString(), plc.GetProperty("type").GetString()));
        Assert.Equal(7, assets.Count);

        var csv = await _cli.RunAsync("assets", "list", "--plant", "austin", "-o", "csv");

        Assert.True(csv.ExitCode == 0, csv.ToString());
        Assert.Equal("id,name,zone,level,type,criticality,safety,ip,vendor,model", csv.Lines[0]);
        Assert.Contains("plc-a1,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"PLC\"\")\",cell-a,2,plc,4,no,10.1.21.11,Rockwell,ControlLogix 5580", csv.Lines);
    }

    [Fact]
    public async Task Assets_import_dry_run_shows_the_diff_and_changes_nothing()
    {
        LogInWithEnvironment(Role.FleetAdmin);
        var csv = _cli.WriteFile("assets.csv", "asset id,name,zone,type,ip,criticality\nplc-a9,Spare PLC,cell-a,plc,10.1.21.99,2\n");

        var run = await _cli.RunAsync("assets", "import", csv, "--plant", "austin", "--column", "id=asset id", "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(run.Lines, line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["added", "asset", "austin", "plc-a9"]);
        Assert.Contains("Dry run: 1 rows read; 1 added, 0 changed, 0 removed; nothing applied.", run.Error, StringComparison.Ordinal);
        await Assert.ThrowsAsync<RpcException>(() => Fleet.GetAssetAsync(new GetAssetRequest { PlantId = "austin", AssetId = "plc-a9" }, Server.As(Role.Auditor)).ResponseAsync);
    }

    [Fact]
    public async Task A_refused_document_exits_1_and_prints_each_field_violation()
    {
        LogInWithEnvironment(Role.FleetAdmin);
        var document = _cli.WriteFile("bad.yaml", CliFixture.Fleet.Replace("zone: cell-a", "zone: no-such-zone", StringComparison.Ordinal));

        var run = await _cli.RunAsync("fleet", "apply", document);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("error: invalid request", run.Error, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^  plants\[austin\]\.assets\[plc-a1\]\.zone \(line \d+\): .*no-such-zone", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Exit_codes_tell_not_found_permission_unauthenticated_and_usage_apart()
    {
        LogInWithEnvironment(Role.Auditor);
        var notFound = await _cli.RunAsync("assets", "show", "--plant", "berlin", "no-such-asset");
        var denied = await _cli.RunAsync("lock", "jdoe", "--reason", "test");
        var usage = await _cli.RunAsync("assets", "list");
        _cli.Environment["ZTFLEET_TOKEN"] = "not-a-token";
        var unauthenticated = await _cli.RunAsync("fleet", "plants");

        Assert.True(notFound.ExitCode == 4, notFound.ToString());
        Assert.True(denied.ExitCode == 3, denied.ToString());
        Assert.True(usage.ExitCode == 2, usage.ToString());
        Assert.Contains("--plant", usage.Error, StringComparison.Ordinal);
        Assert.True(unauthenticated.ExitCode == 3, unauthenticated.ToString());
        Assert.Contains("ztfleet login", unauthenticated.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_flow_and_check_explain_the_decision_and_exit_1_on_deny()
    {
        LogInWithEnvironment(Role.Auditor);

        var allowed = await _cli.RunAsync("check-flow", "--plant", "berlin", "--from", "hmi-1", "--to", "10.0.21.11", "--protocol", "modbus-tcp", "--operation", "write");
        var denied = await _cli.RunAsync("check-flow", "--plant", "berlin", "--from", "erp-1", "--to", "plc-1", "--protocol", "modbus-tcp", "--operation", "write");
        var access = await _cli.RunAsync("check", "--plant", "berlin", "--identity", "vendor-tech", "--asset", "plc-1", "--operation", "program");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains(allowed.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["decision", "ALLOW"]);
        Assert.Contains(allowed.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["rule", "flow:hmi-drives-plc-1"]);
        Assert.Contains(allowed.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["to", "plc-1", "(zone", "cell-1)"]);
        Assert.True(denied.ExitCode == 1, denied.ToString());
        Assert.Contains(denied.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["reason", "no-conduit-between-zones"]);
        Assert.Contains("No conduit connects the two zones: between zones everything is denied by default.", denied.Output, StringComparison.Ordinal);
        Assert.True(access.ExitCode == 1, access.ToString());
        Assert.True(access.Lines.Any(l => l.StartsWith("why ", StringComparison.Ordinal) && l.Length > 20), access.ToString());
        Assert.True(access.Lines.Any(l => l.StartsWith("fact ", StringComparison.Ordinal)), access.ToString());
    }

    [Fact]
    public async Task An_approver_approves_a_pending_request_from_the_command_line()
    {
        await new AccessService.AccessServiceClient(Server.Channel).RequestAccessAsync(
            new RequestAccessRequest
            {
                RequestId = "req-cli",
                IdentityId = "vendor-tech",
                PlantId = "berlin",
                Operations = { Operation.Program },
                AssetIds = { "plc-1" },
                NotBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(2)),
                Justification = "firmware update",
            },
            Server.AsSubject("planner", Role.PlantAdmin, "berlin"));
        _cli.Environment["ZTFLEET_SERVER"] = fixture.Address;
        _cli.Environment["ZTFLEET_TOKEN"] = Ztfleet.TokenOf(Server.AsSubject("alice", Role.Approver, "berlin"));

        var pending = await _cli.RunAsync("access", "show", "req-cli");
        var approved = await _cli.RunAsync("access", "approve", "req-cli", "--comment", "vendor advisory checked");

        Assert.True(pending.ExitCode == 0, pending.ToString());
        Assert.Contains(pending.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["status", "requested"]);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Contains(approved.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["status", "active"]);
        Assert.Contains(approved.Lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is ["approvals", "1", "of", "1", "(alice)"]);
        var stored = await new AccessService.AccessServiceClient(Server.Channel).GetAccessRequestAsync(new GetAccessRequestRequest { RequestId = "req-cli" }, Server.As(Role.Auditor));
        Assert.Equal(AccessRequestStatus.Active, stored.Status);
    }

    [Fact]
    public async Task Access_pending_lists_what_waits_for_an_approver()
    {
        await new AccessService.AccessServiceClient(Server.Channel).RequestAccessAsync(
            new RequestAccessRequest
            {
                RequestId = "req-pending",
                IdentityId = "vendor-tech",
                PlantId = "berlin",
                Operations = { Operation.Write },
                ZoneIds = { "cell-1" },
                NotBefore = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                NotAfter = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddHours(2)),
                Justification = "recipe change",
            },
            Server.AsSubject("planner", Role.PlantAdmin, "berlin"));
        _cli.Environment["ZTFLEET_SERVER"] = fixture.Address;
        _cli.Environment["ZTFLEET_TOKEN"] = Ztfleet.TokenOf(Server.AsSubject("alice", Role.Approver, "berlin"));

        var pending = await _cli.RunAsync("access", "pending", "--plant", "berlin", "-o", "json");

        Assert.True(pending.ExitCode == 0, pending.ToString());
        var requests = JsonDocument.Parse(pending.Output).RootElement.GetProperty("requests").EnumerateArray().ToList();
        Assert.Contains(requests, r => r.GetProperty("requestId").GetString() == "req-pending");
        Assert.All(requests, r => Assert.Equal("ACCESS_REQUEST_STATUS_REQUESTED", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Login_stores_the_token_readable_only_by_the_user_and_whoami_reads_it_back()
    {
        var token = Ztfleet.TokenOf(Server.AsSubject("erin", Role.PlantAdmin, "berlin"));
        var tokenFile = _cli.WriteFile("token", token + "\n");

        var refused = await _cli.RunAsync("login", "--server", fixture.Address, "--token", "forged.token.value");
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.False(File.Exists(_cli.ConfigPath));

        var login = await _cli.RunAsync("login", "--server", fixture.Address, "--token-file", tokenFile);
        Assert.True(login.ExitCode == 0, login.ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_cli.ConfigPath));
        }

        var whoami = await _cli.RunAsync("whoami", "-o", "json");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        var me = JsonDocument.Parse(whoami.Output).RootElement;
        Assert.Equal(("erin", "plant-admin", "berlin", true), (me.GetProperty("subject").GetString(), me.GetProperty("role").GetString(), me.GetProperty("plants").GetString(), me.GetProperty("accepted").GetBoolean()));

        var plants = await _cli.RunAsync("fleet", "plants");
        Assert.True(plants.ExitCode == 0, plants.ToString());
        Assert.Equal(["berlin"], plants.Lines.Skip(1).Select(l => l.Split(' ')[0]));

        var logout = await _cli.RunAsync("logout");
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.False(File.Exists(_cli.ConfigPath));
        var after = await _cli.RunAsync("fleet", "plants", "--server", fixture.Address);
        Assert.True(after.ExitCode == 3, after.ToString());
    }

    [Fact]
    public async Task Identities_list_and_show_read_the_fleet_the_caller_may_see()
    {
        LogInWithEnvironment(Role.FleetAdmin);

        var list = await _cli.RunAsync("identities", "list", "--plant", "austin");
        var show = await _cli.RunAsync("identities", "show", "jdoe", "-o", "json");

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal(["vendor-tech"], list.Lines.Skip(1).Select(l => l.Split(' ')[0]));
        Assert.True(show.ExitCode == 0, show.ToString());
        var jdoe = JsonDocument.Parse(show.Output).RootElement;
        Assert.Equal("Jane Doe", jdoe.GetProperty("name").GetString());
        Assert.Equal("night", jdoe.GetProperty("assignments")[0].GetProperty("shift").GetString());
        Assert.True(jdoe.GetProperty("trust").GetProperty("score").GetInt32() > 0);
    }

    [Fact]
    public async Task Completion_prints_a_script_that_asks_ztfleet_for_suggestions()
    {
        var script = await _cli.RunAsync("completion", "bash");
        const string line = "assets list --type safety";
        var suggestions = await _cli.RunAsync($"[suggest:{line.Length}]", line);
        var commands = await _cli.RunAsync("[suggest:6]", "fleet ");

        Assert.True(script.ExitCode == 0, script.ToString());
        Assert.Contains("complete -o default -F _ztfleet_complete ztfleet", script.Output, StringComparison.Ordinal);
        Assert.Contains("[suggest:${#line}]", script.Output, StringComparison.Ordinal);
        Assert.Equal(["safety-controller"], suggestions.Lines);
        Assert.Contains("versions", commands.Lines);
        Assert.Contains("apply", commands.Lines);
    }

    private FleetService.FleetServiceClient Fleet => new(Server.Channel);

    private void LogInWithEnvironment(Role role)
    {
        _cli.Environment["ZTFLEET_SERVER"] = fixture.Address;
        _cli.Environment["ZTFLEET_TOKEN"] = Ztfleet.TokenOf(Server.AsSubject($"cli-{role}", role));
    }
}
