using Google.Rpc;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Fleet;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Policy.Versions;

namespace ZtFleet.Tests.Api.Versions;

/// <summary>Fleet versions through the real API (memory mode): every committed apply, its diff, rollback, who may.</summary>
public sealed class FleetVersionTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private FleetService.FleetServiceClient Client => new(_server.Channel);

    private CallOptions Admin => _server.As(Role.FleetAdmin);

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    /// <summary>TwoPlants with Berlin's HMI renamed: one changed asset.</summary>
    internal static readonly string Renamed = TestFleets.TwoPlants.Replace("name: Press HMI", "name: Press HMI (line 2)", StringComparison.Ordinal);

    [Fact]
    public async Task An_apply_another_and_a_rollback_are_three_versions_and_the_rollback_holds_the_first_document()
    {
        var first = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants, Reason = "initial inventory", ChangeTicket = "CHG-1" }, Admin);
        var second = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = Renamed, Reason = "HMI renamed" }, Admin);
        Assert.Equal((1L, 2L), (first.Version, second.Version));

        // The diff between the versions names exactly what the second apply changed.
        var diff = await Client.DiffFleetVersionsAsync(new DiffFleetVersionsRequest { FromVersion = 1, ToVersion = 2 }, _server.As(Role.Auditor));
        var changed = Assert.Single(diff.Changes);
        Assert.Equal((ChangeKind.Changed, EntityKind.Asset, "berlin", "hmi-1"), (changed.Change, changed.Kind, changed.PlantId, changed.Id));
        Assert.Equal(["name"], changed.ChangedFields);
        Assert.Equal(second.Changes, diff.Changes);

        var preview = await Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 1, Reason = "the rename broke the HMI's labels", DryRun = true }, _server.As(Role.Auditor));
        Assert.False(preview.Result.Applied);
        Assert.Equal(0, preview.Result.Version);
        var back = await Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 1, Reason = "the rename broke the HMI's labels", ChangeTicket = "INC-7" }, Admin);
        Assert.True(back.Result.Applied);
        Assert.Equal(3, back.Result.Version);
        Assert.Equal(ApplyState.Committed, back.Result.State);
        Assert.Equal(preview.Result.Changes, back.Result.Changes);
        var undone = Assert.Single(back.Result.Changes);
        Assert.Equal((ChangeKind.Changed, "hmi-1"), (undone.Change, undone.Id));

        var list = await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), _server.As(Role.Auditor));
        Assert.Equal(3, list.Total);
        Assert.Equal([3L, 2L, 1L], list.Versions.Select(v => v.Version));
        var (v3, v2, v1) = (list.Versions[0], list.Versions[1], list.Versions[2]);
        Assert.Equal(v1.DocumentHash, v3.DocumentHash);
        Assert.NotEqual(v1.DocumentHash, v2.DocumentHash);
        Assert.Equal((FleetVersionSource.Rollback, 1L, "the rename broke the HMI's labels", "INC-7"), (v3.Source, v3.RollbackOf, v3.Reason, v3.ChangeTicket));
        Assert.Equal((FleetVersionSource.Apply, 0L, "initial inventory", "CHG-1"), (v1.Source, v1.RollbackOf, v1.Reason, v1.ChangeTicket));
        Assert.Equal((0, 1, 0), (v2.Added, v2.Changed, v2.Removed));
        Assert.Equal(first.ApplyId, v1.ApplyId);
        Assert.All(list.Versions, v => Assert.Contains("test-FleetAdmin", v.Actor, StringComparison.Ordinal));
        Assert.Empty((await Client.DiffFleetVersionsAsync(new DiffFleetVersionsRequest { FromVersion = 1, ToVersion = 3 }, Admin)).Changes);

        // The hash is recomputed from the text GetFleetVersion returns (docs/fleet-versions.md, by an implementation
        // of the page's rule independent of ZtFleet's), which is the fleet as ExportFleet writes it.
        var got = await Client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 3 }, _server.As(Role.Auditor));
        Assert.Equal(v3.DocumentHash, IndependentDocumentHash.Of(got.Document));
        Assert.Equal((await Client.ExportFleetAsync(new ExportFleetRequest(), Admin)).Document, got.Document);
        Assert.Contains("name: Press HMI\n", got.Document, StringComparison.Ordinal);

        // Paged, newest first.
        var page1 = await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest { PageSize = 2 }, Admin);
        var page2 = await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest { PageSize = 2, PageToken = page1.NextPageToken }, Admin);
        Assert.Equal([3L, 2L], page1.Versions.Select(v => v.Version));
        Assert.Equal([1L], page2.Versions.Select(v => v.Version));
        Assert.Empty(page2.NextPageToken);

        // The audit trail names the version, the reason and the ticket.
        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var records = await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 100);
        var rollback = Assert.Single(records, r => r.Entry.Action == "fleet.rollback");
        Assert.Contains("\"version\":3", rollback.Entry.Detail, StringComparison.Ordinal);
        Assert.Contains("INC-7", rollback.Entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_apply_that_changes_one_plant_stores_one_new_part_and_its_version_reads_back_whole()
    {
        var store = (InMemoryFleetVersionStore)_server.SiloServices.GetService(typeof(IFleetVersionStore))!;
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
        var (parts, written) = (store.PartCount, store.PartsWritten);
        Assert.Equal(4, parts); // the head, Berlin, Austin, the identities

        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = Renamed, Reason = "HMI renamed" }, Admin);

        // Only Berlin's new part was written; the head was rendered again (unchanged), Austin and the identities not.
        Assert.Equal((parts + 1, written + 1), (store.PartCount, store.PartsWritten));
        var second = await Client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 2 }, Admin);
        Assert.Equal((await Client.ExportFleetAsync(new ExportFleetRequest(), Admin)).Document, second.Document);
        Assert.Equal(second.Version.DocumentHash, IndependentDocumentHash.Of(second.Document));
        var first = await Client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 1 }, Admin);
        Assert.Contains("name: Press HMI\n", first.Document, StringComparison.Ordinal);
        Assert.Equal(first.Version.DocumentHash, IndependentDocumentHash.Of(first.Document));
    }

    [Fact]
    public async Task An_apply_that_changes_nothing_and_a_dry_run_make_no_version()
    {
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
        var same = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
        var dry = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = Renamed, DryRun = true }, Admin);
        var rollbackToSame = await Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 1, Reason = "already there" }, Admin);

        Assert.Equal((0L, 0L, 0L), (same.Version, dry.Version, rollbackToSame.Result.Version));
        Assert.False(rollbackToSame.Result.Applied);
        Assert.Equal(1, (await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), Admin)).Total);
    }

    [Fact]
    public async Task A_fleet_whose_policy_requires_a_reason_refuses_an_apply_without_one_with_a_field_violation_and_audits_it()
    {
        var strict = TestFleets.TwoPlants.Replace("  name: Test Fleet\n", "  name: Test Fleet\npolicy:\n  requireChangeReason: true\n", StringComparison.Ordinal);
        Assert.NotEqual(TestFleets.TwoPlants, strict);

        // Turning it on already needs a reason.
        var first = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = strict }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, first.StatusCode);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = strict, Reason = "change control from now on" }, Admin);

        var renamed = strict.Replace("name: Press HMI", "name: Press HMI (line 2)", StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = renamed, Reason = "  " }, Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        var violation = Assert.Single(refused.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("reason", violation.Field);
        Assert.Contains("requireChangeReason", violation.Description, StringComparison.Ordinal);

        // Nothing changed: no version, the document as it was; a dry run needs no reason.
        Assert.Equal(1, (await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), Admin)).Total);
        Assert.Contains("name: Press HMI\n", (await Client.ExportFleetAsync(new ExportFleetRequest(), Admin)).Document, StringComparison.Ordinal);
        Assert.Single((await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = renamed, DryRun = true }, Admin)).Changes);

        // A CSV import is an apply too.
        var import = await Assert.ThrowsAsync<RpcException>(() => Client.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = "berlin", Csv = "id,name,zone,type,ip,criticality\nplc-2,Press PLC 2,cell-1,plc,10.0.21.12,4\n" }, Admin).ResponseAsync);
        Assert.Equal("reason", Assert.Single(import.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);

        var cluster = (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;
        var records = await cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 100);
        Assert.Contains(records, r => r.Entry.Action.EndsWith("ApplyFleet", StringComparison.Ordinal) && r.Entry.Outcome == "InvalidArgument"
            && r.Entry.Detail.Contains("\"field\":\"reason\"", StringComparison.Ordinal));

        var applied = await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = renamed, Reason = "operators asked for line numbers" }, Admin);
        Assert.Equal(2, applied.Version);
    }

    [Fact]
    public async Task Reasons_and_tickets_are_one_line_of_bounded_text()
    {
        var longTicket = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants, ChangeTicket = new string('T', 101) }, Admin).ResponseAsync);
        var twoLines = await Assert.ThrowsAsync<RpcException>(() => Client.ApplyFleetAsync(
            new ApplyFleetRequest { Document = TestFleets.TwoPlants, Reason = "first\nsecond" }, Admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, longTicket.StatusCode);
        var ticket = Assert.Single(longTicket.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("change_ticket", ticket.Field);
        Assert.Contains("at most 100", ticket.Description, StringComparison.Ordinal);
        Assert.Equal("reason", Assert.Single(twoLines.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal(0, (await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), Admin)).Total);
        Assert.Equal(1, (await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants, ChangeTicket = new string('T', 100) }, Admin)).Version);
    }

    [Fact]
    public async Task Concurrent_applies_get_distinct_consecutive_version_numbers()
    {
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
        var documents = Enumerable.Range(1, 8)
            .Select(i => TestFleets.TwoPlants.Replace("name: Press HMI", $"name: Press HMI {i}", StringComparison.Ordinal))
            .ToList();

        var answers = await Task.WhenAll(documents.Select(d => Client.ApplyFleetAsync(new ApplyFleetRequest { Document = d, Reason = "parallel" }, Admin).ResponseAsync));

        Assert.Equal(Enumerable.Range(2, 8).Select(i => (long)i), answers.Select(a => a.Version).Order());
        var list = await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), Admin);
        Assert.Equal(Enumerable.Range(1, 9).Reverse().Select(i => (long)i), list.Versions.Select(v => v.Version));
        Assert.Equal(answers.Select(a => a.ApplyId).Order(), list.Versions.Where(v => v.Version > 1).Select(v => v.ApplyId).Order());
    }

    [Fact]
    public async Task A_csv_import_is_a_version_of_the_resulting_fleet()
    {
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);

        var imported = await Client.ImportAssetsCsvAsync(
            new ImportAssetsCsvRequest { PlantId = "berlin", Csv = "id,name,zone,type,ip,criticality\nplc-2,Press PLC 2,cell-1,plc,10.0.21.12,4\n", Reason = "second press", ChangeTicket = "CHG-9" },
            Admin);

        Assert.Equal(2, imported.Version);
        var version = await Client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 2 }, Admin);
        Assert.Equal((FleetVersionSource.Import, "second press", "CHG-9", 1), (version.Version.Source, version.Version.Reason, version.Version.ChangeTicket, version.Version.Added));
        Assert.Contains("id: plc-2", version.Document, StringComparison.Ordinal);
        Assert.Contains("id: austin", version.Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditors_read_versions_fleet_admins_roll_back_plant_admins_do_neither()
    {
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, Admin);
        await Client.ApplyFleetAsync(new ApplyFleetRequest { Document = Renamed }, Admin);
        var plantAdmin = _server.As(Role.PlantAdmin, "berlin");
        var auditor = _server.As(Role.Auditor);

        foreach (var call in (Func<Task>[])
        [
            () => Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), plantAdmin).ResponseAsync,
            () => Client.GetFleetVersionAsync(new GetFleetVersionRequest { Version = 1 }, plantAdmin).ResponseAsync,
            () => Client.DiffFleetVersionsAsync(new DiffFleetVersionsRequest { FromVersion = 1, ToVersion = 2 }, plantAdmin).ResponseAsync,
            () => Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 1, Reason = "r", DryRun = true }, plantAdmin).ResponseAsync,
            () => Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 1, Reason = "r" }, auditor).ResponseAsync,
        ])
        {
            Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(call)).StatusCode);
        }

        var noReason = await Assert.ThrowsAsync<RpcException>(() => Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 1 }, Admin).ResponseAsync);
        Assert.Equal("reason", Assert.Single(noReason.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.RollbackFleetAsync(new RollbackFleetRequest { Version = 9, Reason = "r" }, Admin).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var none = await Assert.ThrowsAsync<RpcException>(() => Client.DiffFleetVersionsAsync(new DiffFleetVersionsRequest { FromVersion = 1, ToVersion = 5 }, auditor).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, none.StatusCode);
        var zero = await Assert.ThrowsAsync<RpcException>(() => Client.GetFleetVersionAsync(new GetFleetVersionRequest(), auditor).ResponseAsync);
        Assert.Equal("version", Assert.Single(zero.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations).Field);
        Assert.Equal(2, (await Client.ListFleetVersionsAsync(new ListFleetVersionsRequest(), auditor)).Total);
    }
}
