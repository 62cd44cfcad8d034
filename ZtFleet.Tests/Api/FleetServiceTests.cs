using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api;

/// <summary>FleetService through a real gRPC client against the real server and an in-process silo.</summary>
public sealed class FleetServiceTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private FleetService.FleetServiceClient Client => new(_server.Channel);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Health_answers_without_credentials()
    {
        var health = new Health.HealthClient(_server.Channel);
        var response = await health.CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task A_dry_run_lists_the_declared_flows_a_conduit_change_would_deny_and_an_apply_returns_the_epochs()
    {
        // New plants have no flows to turn yet.
        Assert.Empty((await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants, DryRun = true }, _server.As(Role.FleetAdmin))).FlowImpacts);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, _server.As(Role.FleetAdmin));
        var narrower = TestFleets.TwoPlants.Replace("operations: [read, browse, subscribe]", "operations: [read, subscribe]", StringComparison.Ordinal);

        var whatIf = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = narrower, DryRun = true }, _server.As(Role.Auditor));

        Assert.False(whatIf.Applied);
        Assert.Empty(whatIf.Epochs);
        var impact = Assert.Single(whatIf.FlowImpacts);
        Assert.Equal(("berlin", "mes-reads-plc-1", "opc-ua", "browse"), (impact.PlantId, impact.FlowId, impact.Protocol, impact.Operation));
        Assert.Equal((true, "conduit:mes-to-cell-1"), (impact.Before.Allow, impact.Before.RuleId));
        Assert.Equal((false, "operation-not-allowed"), (impact.After.Allow, impact.After.Reason));

        var applied = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = narrower }, _server.As(Role.FleetAdmin));
        Assert.Equal(["austin", "berlin"], applied.Epochs.Select(e => e.PlantId));
        Assert.All(applied.Epochs, e => Assert.True(e.Epoch > 0));
        Assert.Empty(applied.FlowImpacts);
        var again = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = narrower, DryRun = true }, _server.As(Role.FleetAdmin));
        Assert.Empty(again.FlowImpacts);
    }

    [Fact]
    public async Task A_call_without_a_token_is_unauthenticated()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ListPlantsAsync(new ListPlantsRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task A_forged_token_is_unauthenticated()
    {
        var headers = new Metadata { { "authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl" } };
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ListPlantsAsync(new ListPlantsRequest(), headers).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Dry_run_returns_the_diff_and_changes_nothing()
    {
        var admin = _server.As(Role.FleetAdmin);
        var response = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants, DryRun = true }, admin);

        Assert.False(response.Applied);
        Assert.Contains(response.Changes, c => c is { Change: ChangeKind.Added, Kind: EntityKind.Plant, Id: "berlin" });
        Assert.Contains(response.Changes, c => c is { Change: ChangeKind.Added, Kind: EntityKind.Asset, PlantId: "berlin", Id: "plc-1" });
        Assert.Contains(response.Changes, c => c is { Change: ChangeKind.Added, Kind: EntityKind.Identity, Id: "vendor-tech" });
        Assert.Empty((await Client.ListPlantsAsync(new ListPlantsRequest(), admin)).Plants);
    }

    [Fact]
    public async Task Applying_the_same_document_twice_reports_no_changes_the_second_time()
    {
        var admin = _server.As(Role.FleetAdmin);
        var first = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var second = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        Assert.True(first.Applied);
        Assert.NotEmpty(first.Changes);
        Assert.False(second.Applied);
        Assert.Empty(second.Changes);
        Assert.Equal(first.Generation, second.Generation);

        var plants = (await Client.ListPlantsAsync(new ListPlantsRequest(), admin)).Plants;
        Assert.Equal(["austin", "berlin"], plants.Select(p => p.PlantId));
        Assert.Equal(7, plants.Single(p => p.PlantId == "berlin").Assets);
        Assert.Equal(2, plants.Single(p => p.PlantId == "berlin").Identities);
    }

    [Fact]
    public async Task A_changed_document_reports_exactly_what_changed()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var changed = TestFleets.TwoPlants.Replace("firmware: V2.9.4", "firmware: V3.1.0", StringComparison.Ordinal);

        var response = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = changed }, admin);

        Assert.Single(response.Changes);
        Assert.Contains(response.Changes, c => c is { Change: ChangeKind.Changed, Kind: EntityKind.Asset, Id: "plc-1" } && c.ChangedFields.Contains("firmware"));
        var asset = (await Client.GetAssetAsync(new GetAssetRequest { PlantId = "berlin", AssetId = "plc-1" }, admin)).Asset;
        Assert.Equal("V3.1.0", asset.Firmware);
    }

    [Fact]
    public async Task An_invalid_document_fails_with_one_field_violation_per_problem_and_changes_nothing()
    {
        var admin = _server.As(Role.FleetAdmin);
        var broken = TestFleets.TwoPlants
            .Replace("ip: 10.0.21.11", "ip: 10.0.21.300", StringComparison.Ordinal)
            .Replace("timeZone: America/Chicago", "timeZone: Mars/Olympus_Mons", StringComparison.Ordinal)
            .Replace("type: hmi", "type: toaster", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = broken }, admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violations = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Contains(violations, v => v.Field.Contains("plc-1", StringComparison.Ordinal) && v.Field.Contains("ip", StringComparison.Ordinal) && v.Field.Contains("line", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Field.Contains("timeZone", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Field.Contains("type", StringComparison.Ordinal) && v.Description.Contains("toaster", StringComparison.Ordinal));
        Assert.Empty((await Client.ListPlantsAsync(new ListPlantsRequest(), admin)).Plants);
    }

    [Fact]
    public async Task A_refused_document_is_audited_with_its_violations()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = "plants: [ {id: " }, admin).ResponseAsync);

        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var records = await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 100);
        var refusal = Assert.Single(records, r => r.Entry.Action.EndsWith("ApplyFleet", StringComparison.Ordinal));
        Assert.Equal("InvalidArgument", refusal.Entry.Outcome);
        Assert.Contains("line", refusal.Entry.Detail, StringComparison.Ordinal);
        Assert.Null(await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).VerifyAsync());
    }

    [Fact]
    public async Task An_applied_document_is_audited_per_plant()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var berlin = await cluster.GetGrain<IAuditGrain>("berlin").ReadAsync(0, 100);
        var record = Assert.Single(berlin);
        Assert.Equal("fleet.apply", record.Entry.Action);
        Assert.Contains("test-FleetAdmin", record.Entry.Actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plant_admin_sees_only_its_plant_and_learns_nothing_about_others()
    {
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, _server.As(Role.FleetAdmin));
        var berlinAdmin = _server.As(Role.PlantAdmin, "berlin");

        var plants = (await Client.ListPlantsAsync(new ListPlantsRequest(), berlinAdmin)).Plants;
        Assert.Equal(["berlin"], plants.Select(p => p.PlantId));

        var existing = await Assert.ThrowsAsync<RpcException>(() => Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "austin" }, berlinAdmin).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "nowhere" }, berlinAdmin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, existing.StatusCode);
        Assert.Equal(missing.StatusCode, existing.StatusCode);
        Assert.Equal(missing.Status.Detail.Replace("nowhere", "austin", StringComparison.Ordinal), existing.Status.Detail);

        var export = await Client.ExportFleetAsync(new ExportFleetRequest(), berlinAdmin);
        Assert.DoesNotContain("austin", export.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plant_admin_cannot_change_another_plant_or_identities()
    {
        var austinAdmin = _server.As(Role.PlantAdmin, "austin");

        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, austinAdmin).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Empty((await Client.ListPlantsAsync(new ListPlantsRequest(), _server.As(Role.FleetAdmin))).Plants);
    }

    [Fact]
    public async Task An_auditor_reads_but_cannot_apply()
    {
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, _server.As(Role.FleetAdmin));
        var auditor = _server.As(Role.Auditor);

        Assert.Equal(2, (await Client.ListPlantsAsync(new ListPlantsRequest(), auditor)).Plants.Count);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, auditor).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
    }

    [Fact]
    public async Task Assets_are_filtered_and_paged()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var critical = await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin", MinCriticality = 5 }, admin);
        Assert.Equal(["plc-1", "sis-1"], critical.Assets.Select(a => a.AssetId));

        var plcs = await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin", Type = AssetType.Plc }, admin);
        Assert.Equal("1", Assert.Single(plcs.Assets).PurdueLevel);

        var byCve = await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin", Text = "cve-2022-38465" }, admin);
        Assert.Equal("plc-1", Assert.Single(byCve.Assets).AssetId);

        var firstPage = await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin", PageSize = 4 }, admin);
        var secondPage = await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin", PageSize = 4, PageToken = firstPage.NextPageToken }, admin);
        Assert.Equal(7, firstPage.Total);
        Assert.Equal(4, firstPage.Assets.Count);
        Assert.Equal(3, secondPage.Assets.Count);
        Assert.Empty(secondPage.NextPageToken);

        var bad = await Assert.ThrowsAsync<RpcException>(() => Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin", PurdueLevel = "7", MinCriticality = 9 }, admin).ResponseAsync);
        Assert.Equal(2, bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Count);
    }

    [Fact]
    public async Task The_flow_map_comes_as_data_and_as_mermaid()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var map = await Client.GetFlowMapAsync(new GetFlowMapRequest { PlantId = "berlin", Format = FlowMapFormat.Mermaid }, admin);

        Assert.Equal(5, map.Zones.Count);
        Assert.Contains(map.Conduits, c => c is { ConduitId: "ews-to-cell-1", Protocol: "s7comm", Port: 102 } && c.FromAssetIds.Contains("ews-1"));
        Assert.Contains(map.Flows, f => f.FlowId == "hmi-drives-plc-1" && f.Protocol == "modbus-tcp");
        Assert.StartsWith("flowchart", map.Text.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("cell-1", map.Text, StringComparison.Ordinal);

        var dot = await Client.GetFlowMapAsync(new GetFlowMapRequest { PlantId = "berlin", Format = FlowMapFormat.Graphviz }, admin);
        Assert.Contains("digraph", dot.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Critical_assets_are_ranked_with_their_reasons()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var ranking = await Client.RankCriticalAssetsAsync(new RankCriticalAssetsRequest { Top = 5 }, admin);

        Assert.Equal(5, ranking.Assets.Count);
        Assert.Equal(Enumerable.Range(1, 5), ranking.Assets.Select(a => a.Rank));
        Assert.Contains(ranking.Assets.Take(3), a => a.Asset.AssetId is "plc-1" or "sis-1");
        Assert.All(ranking.Assets, a => Assert.NotEmpty(a.Reasons));
        Assert.True(ranking.Assets.Zip(ranking.Assets.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public async Task The_blast_radius_follows_conduits_the_asset_may_initiate_on()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var fromEws = await Client.GetBlastRadiusAsync(new GetBlastRadiusRequest { PlantId = "berlin", AssetId = "ews-1" }, admin);
        Assert.Contains(fromEws.Reached, r => r.AssetId == "plc-1");
        Assert.Contains(fromEws.Reached, r => r.AssetId == "sis-1");

        // From enterprise IT the PLC is only reachable hop by hop through the DMZ and site operations.
        var fromErp = await Client.GetBlastRadiusAsync(new GetBlastRadiusRequest { PlantId = "berlin", AssetId = "erp-1" }, admin);
        var plc = Assert.Single(fromErp.Reached, r => r.AssetId == "plc-1");
        Assert.Equal(["conduit:it-to-dmz", "conduit:dmz-to-ops", "conduit:mes-to-cell-1"], plc.Path);

        // The HMI reaches its PLC through its declared flow, and nothing outside its cell.
        var fromHmi = await Client.GetBlastRadiusAsync(new GetBlastRadiusRequest { PlantId = "berlin", AssetId = "hmi-1" }, admin);
        Assert.Equal(["plc-1"], fromHmi.Reached.Select(r => r.AssetId));
        Assert.Equal(["flow:hmi-drives-plc-1"], fromHmi.Reached.Single().Path);

        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.GetBlastRadiusAsync(new GetBlastRadiusRequest { PlantId = "berlin", AssetId = "ghost" }, admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Csv_import_upserts_assets_with_a_column_mapping()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var request = new ImportAssetsCsvRequest
        {
            PlantId = "berlin",
            Csv = "Asset Tag;Device Name;Segment;Device Type;IP Address;Crit\nplc-2;Press PLC 2;cell-1;PLC;10.0.21.12;4\nplc-1;Press PLC;cell-1;PLC;10.0.21.11;5\n",
            Delimiter = ";",
            ColumnMapping = { ["id"] = "Asset Tag", ["name"] = "Device Name", ["zone"] = "Segment", ["type"] = "Device Type", ["ip"] = "IP Address", ["criticality"] = "Crit" },
        };

        var response = await Client.ImportAssetsCsvAsync(request, admin);

        Assert.True(response.Applied);
        Assert.Equal(2, response.AssetsRead);
        Assert.Contains(response.Changes, c => c is { Change: ChangeKind.Added, Id: "plc-2" });
        Assert.DoesNotContain(response.Changes, c => c.Change == ChangeKind.Removed);
        Assert.Equal(8, (await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin" }, admin)).Total);
    }

    [Fact]
    public async Task A_bad_csv_row_is_named_by_line_and_nothing_is_imported()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var request = new ImportAssetsCsvRequest
        {
            PlantId = "berlin",
            Csv = "id,name,zone,type,ip,criticality\nplc-2,Press PLC 2,cell-1,plc,10.0.21.12,4\nplc-3,Press PLC 3,no-such-zone,plc,10.0.21.13,4\n",
        };

        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ImportAssetsCsvAsync(request, admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Contains(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations, v => v.Field.Contains("line 3", StringComparison.Ordinal));
        Assert.Equal(7, (await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin" }, admin)).Total);
    }

    [Fact]
    public async Task An_exported_fleet_applies_back_without_changes()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var export = await Client.ExportFleetAsync(new ExportFleetRequest(), admin);
        var again = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = export.Document, Prune = true }, admin);

        Assert.Empty(again.Changes);
    }

    [Fact]
    public async Task Pruning_removes_plants_and_their_assets()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var berlinOnly = TestFleets.TwoPlants[..TestFleets.TwoPlants.IndexOf("  - id: austin", StringComparison.Ordinal)]
            + TestFleets.TwoPlants[TestFleets.TwoPlants.IndexOf("identities:", StringComparison.Ordinal)..]
                .Replace("\n      - plant: austin\n        roles: [remote-maintenance]", string.Empty, StringComparison.Ordinal);

        RpcException? refused = null;
        ApplyFleetResponse? response = null;
        try
        {
            response = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = berlinOnly, Prune = true }, admin);
        }
        catch (RpcException ex)
        {
            refused = ex;
        }

        Assert.True(refused is null, string.Join("; ", refused?.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => $"{v.Field}: {v.Description}") ?? []));
        Assert.Contains(response!.Changes, c => c is { Change: ChangeKind.Removed, Kind: EntityKind.Plant, Id: "austin" });
        Assert.Contains(response.Changes, c => c is { Change: ChangeKind.Removed, Kind: EntityKind.Asset, Id: "plc-a1" });
        var gone = await Assert.ThrowsAsync<RpcException>(() => Client.GetAssetAsync(new GetAssetRequest { PlantId = "austin", AssetId = "plc-a1" }, admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);
    }
}
