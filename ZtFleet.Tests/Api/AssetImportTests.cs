using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Api;

/// <summary>ImportAssetsCsv with a mapping file, as a CMDB export comes, through the real server.</summary>
public sealed class AssetImportTests : IAsyncLifetime
{
    /// <summary>A CMDB export: site and zone names, criticality words, vendor device types, no id column.</summary>
    private const string CmdbExport = """
        "CI Name","Location","Network Zone","Purdue","Class","Manufacturer","Model","IP Address","Business Criticality"
        "Body Shop Robot 1","Berlin Stamping","Press cell 1","L1","Kuka KRC4","KUKA","KR C4","10.0.21.71","High"
        "Body Shop Robot 2","Berlin Stamping","press cell 1","Level 1","Kuka KRC4","KUKA","KR C4","10.0.21.72","Critical"
        "Line A Robot","Austin Assembly","Assembly cell A","Purdue 2","Robot Controller","FANUC","R-30iB","10.1.21.30","Medium"
        "Cell A Switch","AUS","Assembly cell A","2","Industrial Switch","Cisco","IE-3400","10.1.21.2","Low"
        """;

    private const string CmdbMapping = """
        columns:
          name: CI Name
          site: Location
          zone: Network Zone
          level: Purdue
          type: Class
          vendor: Manufacturer
          model: Model
          ip: IP Address
          criticality: Business Criticality
        types:
          Kuka KRC4: robot-controller
        sites:
          AUS: austin
        """;

    private readonly ApiServer _server = new();

    private FleetService.FleetServiceClient Client => new(_server.Channel);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_cmdb_export_previews_each_row_then_imports_into_two_plants_as_it_comes()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var preview = await Client.ImportAssetsCsvAsync(new ImportAssetsCsvRequest { Csv = CmdbExport, Mapping = CmdbMapping, DryRun = true }, admin);

        Assert.False(preview.Applied);
        Assert.Equal(["austin", "berlin"], preview.PlantIds);
        Assert.Equal(
            [
                (2L, "berlin", "body-shop-robot-1", "cell-1", AssetType.RobotController, 4, "1", ImportRowChange.Added),
                (3L, "berlin", "body-shop-robot-2", "cell-1", AssetType.RobotController, 5, "1", ImportRowChange.Added),
                (4L, "austin", "line-a-robot", "cell-a", AssetType.RobotController, 3, "2", ImportRowChange.Added),
                (5L, "austin", "cell-a-switch", "cell-a", AssetType.Switch, 2, "2", ImportRowChange.Added),
            ],
            preview.Rows.Select(r => (r.Line, r.PlantId, r.Asset.AssetId, r.Asset.ZoneId, r.Asset.Type, r.Asset.Criticality, r.Asset.PurdueLevel, r.Change)));
        Assert.Equal(4, preview.Changes.Count(c => c.Change == ChangeKind.Added));
        Assert.Empty((await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "austin", Type = AssetType.RobotController }, admin)).Assets);

        var imported = await Client.ImportAssetsCsvAsync(new ImportAssetsCsvRequest { Csv = CmdbExport, Mapping = CmdbMapping, Reason = "CMDB sync" }, admin);

        Assert.True(imported.Applied);
        Assert.Empty(imported.Rows);
        var robot = await Client.GetAssetAsync(new GetAssetRequest { PlantId = "berlin", AssetId = "body-shop-robot-2" }, admin);
        Assert.Equal(("Body Shop Robot 2", "KUKA", AssetType.RobotController, 5), (robot.Asset.Name, robot.Asset.Vendor, robot.Asset.Type, robot.Asset.Criticality));
        Assert.Equal("Cell A Switch", (await Client.GetAssetAsync(new GetAssetRequest { PlantId = "austin", AssetId = "cell-a-switch" }, admin)).Asset.Name);

        var again = await Client.ImportAssetsCsvAsync(new ImportAssetsCsvRequest { Csv = CmdbExport, Mapping = CmdbMapping, DryRun = true }, admin);
        Assert.All(again.Rows, r => Assert.Equal(ImportRowChange.Unchanged, r.Change));
        Assert.Empty(again.Changes);
    }

    [Fact]
    public async Task One_rejected_row_is_named_by_line_and_header_and_nothing_is_imported()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        var csv = CmdbExport.Replace("\"Assembly cell A\",\"Purdue 2\"", "\"Assembly cell A\",\"Purdue 3\"", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ImportAssetsCsvAsync(new ImportAssetsCsvRequest { Csv = csv, Mapping = CmdbMapping }, admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("line 4, column Purdue", violation.Field);
        Assert.Contains("does not match zone 'cell-a'", violation.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(
            (await Client.ListAssetsAsync(new ListAssetsRequest { PlantId = "berlin" }, admin)).Assets,
            a => a.AssetId.StartsWith("body-shop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_plant_admin_imports_only_into_their_plant()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { Csv = CmdbExport, Mapping = CmdbMapping, DryRun = true }, _server.As(Role.PlantAdmin, "berlin")).ResponseAsync);

        // Austin is not theirs to see: its rows name a site they do not know.
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal(
            ["line 4, column Location", "line 5, column Location"],
            ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
    }

    [Fact]
    public async Task The_mapping_file_and_the_short_forms_are_one_mapping()
    {
        var admin = _server.As(Role.FleetAdmin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);

        var bad = await Assert.ThrowsAsync<RpcException>(() => Client.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = "berlin", Csv = "x", Mapping = "columns:\n  colour: Colour\n" }, admin).ResponseAsync);
        var twice = await Assert.ThrowsAsync<RpcException>(() => Client.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = "berlin", Csv = "x", Mapping = CmdbMapping, ColumnMapping = { ["name"] = "Name" } }, admin).ResponseAsync);

        Assert.Equal("mapping.columns[colour] (line 2)", Assert.Single(bad.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal("column_mapping[name]", Assert.Single(twice.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
    }
}
