using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Infrastructure;
using ZtFleet.Tests.Propagation;
using Domain = ZtFleet.Policy.Segmentation;
using QuarantineMode = ZtFleet.Api.V1.QuarantineMode;
using QuarantineStatus = ZtFleet.Api.V1.QuarantineStatus;

namespace ZtFleet.Tests.Api.Quarantine;

/// <summary>Quarantine through the real QuarantineService, on a fake clock, in memory mode.</summary>
public sealed class QuarantineServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public QuarantineServiceTests() => _server = new ApiServer(_time);

    private QuarantineService.QuarantineServiceClient Quarantines => new(_server.Channel);

    private IClusterClient Cluster => (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;

    private IPlantGrain Berlin => Cluster.GetGrain<IPlantGrain>("berlin");

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_plant_admin_quarantines_a_plc_at_once_and_the_delta_reaches_watch_and_audit()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin");
        var before = await Berlin.GetEpochAsync();

        var quarantine = await Quarantines.QuarantineAssetAsync(Ask("q-plc", "plc-1", QuarantineMode.RestrictWrites), As("carol", Role.PlantAdmin));

        Assert.Equal(QuarantineStatus.InForce, quarantine.Status);
        Assert.Equal(0, quarantine.RequiredApprovals);
        Assert.False(quarantine.SafetyRelated);
        Assert.True(quarantine.Epoch > before);
        await using (var watcher = point.Watch(quarantine.Epoch - 1))
        {
            var delivered = (await watcher.UntilAsync(quarantine.Epoch))[^1];
            Assert.Equal("quarantine-changed", delivered.Kind);
            var delta = Assert.IsType<QuarantineChanged>(EnforcementPoint.Delta(delivered));
            var held = Assert.Single(delta.Quarantines);
            Assert.Equal(("plc-1", Domain.QuarantineMode.RestrictWrites, "q-plc", "suspicious firmware change"), (held.Asset.Value, held.Mode, held.Id, held.Reason));
        }

        var snapshot = (await Berlin.GetSnapshotAsync())!;
        Assert.Equal(quarantine.Epoch, snapshot.SegmentationEpoch);
        Assert.Equal("q-plc", Assert.Single(snapshot.Quarantines!).Id);
        var audit = await AuditAsync();
        Assert.Contains(audit, r => r.Entry.Action == "quarantine.request" && r.Entry.Target == "q-plc" && r.Entry.Outcome == "in-force"
            && r.Entry.Actor.StartsWith("carol", StringComparison.Ordinal) && r.Entry.Detail.Contains("\"asset\":\"plc-1\"", StringComparison.Ordinal)
            && r.Entry.Detail.Contains("restrict-writes", StringComparison.Ordinal) && r.Entry.Detail.Contains("suspicious firmware change", StringComparison.Ordinal));

        var list = await Quarantines.ListQuarantinesAsync(new ListQuarantinesRequest { PlantId = "berlin", InForceOnly = true }, _server.As(Role.Auditor));
        Assert.Equal("q-plc", Assert.Single(list.Quarantines).QuarantineId);
        Assert.True(list.Epoch >= quarantine.Epoch);
    }

    [Fact]
    public async Task Lifting_needs_an_approver_who_did_not_ask_for_the_lift()
    {
        var inForce = await Quarantines.QuarantineAssetAsync(Ask("q-lift", "plc-1", QuarantineMode.RestrictWrites), As("carol", Role.PlantAdmin));
        var asked = await Quarantines.RequestLiftAsync(new RequestLiftRequest { PlantId = "berlin", QuarantineId = "q-lift", Reason = "firmware verified" }, As("carol", Role.PlantAdmin));
        Assert.Equal((QuarantineStatus.LiftRequested, 1), (asked.Status, asked.LiftRequiredApprovals));
        Assert.Single((await Berlin.GetQuarantinesAsync()).InForce);

        var admin = await Refused(() => Quarantines.ApproveLiftAsync(StepLift("q-lift"), As("carol", Role.PlantAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, admin.StatusCode);
        var own = await Refused(() => Quarantines.ApproveLiftAsync(StepLift("q-lift"), As("carol", Role.Approver)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, own.StatusCode);
        Assert.Single((await Berlin.GetQuarantinesAsync()).InForce);

        var lifted = await Quarantines.ApproveLiftAsync(StepLift("q-lift"), As("alice", Role.Approver));

        Assert.Equal(QuarantineStatus.Lifted, lifted.Status);
        Assert.Equal(["alice"], lifted.LiftApprovedBy);
        Assert.True(lifted.Epoch > inForce.Epoch);
        var held = await Berlin.GetQuarantinesAsync();
        Assert.Empty(held.InForce);
        var delta = Assert.IsType<QuarantineChanged>(Delta(await Berlin.ReadDeltasAsync(lifted.Epoch - 1, 1)));
        Assert.Empty(delta.Quarantines);
        var audit = await AuditAsync();
        Assert.Contains(audit, r => r.Entry.Action == "quarantine.lift-request" && r.Entry.Outcome == "lift-requested" && r.Entry.Detail.Contains("firmware verified", StringComparison.Ordinal));
        Assert.Contains(audit, r => r.Entry.Action == "quarantine.lift-approve" && r.Entry.Outcome == "lifted" && r.Entry.Actor.StartsWith("alice", StringComparison.Ordinal));

        // The asset is free again: a new quarantine of it is accepted.
        var again = await Quarantines.QuarantineAssetAsync(Ask("q-lift-2", "plc-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin));
        Assert.Equal(QuarantineStatus.InForce, again.Status);
    }

    [Fact]
    public async Task A_rejected_lift_leaves_the_quarantine_in_force()
    {
        await Quarantines.QuarantineAssetAsync(Ask("q-keep", "hmi-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin));
        await Quarantines.RequestLiftAsync(new RequestLiftRequest { PlantId = "berlin", QuarantineId = "q-keep", Reason = "done" }, As("carol", Role.PlantAdmin));

        var rejected = await Quarantines.RejectQuarantineAsync(new RejectQuarantineRequest { PlantId = "berlin", QuarantineId = "q-keep", Reason = "forensics not finished" }, As("alice", Role.Approver));

        Assert.Equal(QuarantineStatus.InForce, rejected.Status);
        Assert.Single((await Berlin.GetQuarantinesAsync()).InForce);
        Assert.Contains(await AuditAsync(), r => r.Entry.Action == "quarantine.reject-lift" && r.Entry.Detail.Contains("forensics not finished", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_safety_controller_is_restricted_first_and_every_step_needs_two_distinct_approvers()
    {
        var isolateFirst = await Refused(() => Quarantines.QuarantineAssetAsync(Ask("q-sis-iso", "sis-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, isolateFirst.StatusCode);

        var requested = await Quarantines.QuarantineAssetAsync(Ask("q-sis", "sis-1", QuarantineMode.RestrictWrites), As("carol", Role.PlantAdmin));
        Assert.Equal((QuarantineStatus.Requested, 2, true), (requested.Status, requested.RequiredApprovals, requested.SafetyRelated));
        var once = await Quarantines.ApproveQuarantineAsync(Step("q-sis"), As("alice", Role.Approver));
        Assert.Equal(QuarantineStatus.Requested, once.Status);
        var twice = await Refused(() => Quarantines.ApproveQuarantineAsync(Step("q-sis"), As("alice", Role.Approver)).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        var own = await Refused(() => Quarantines.ApproveQuarantineAsync(Step("q-sis"), As("carol", Role.Approver)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, own.StatusCode);
        var stillOne = await Quarantines.GetQuarantineAsync(new GetQuarantineRequest { PlantId = "berlin", QuarantineId = "q-sis" }, _server.As(Role.Auditor));
        Assert.Equal((QuarantineStatus.Requested, 1), (stillOne.Status, stillOne.ApprovedBy.Count));
        Assert.Empty((await Berlin.GetQuarantinesAsync()).InForce);

        var restricted = await Quarantines.ApproveQuarantineAsync(Step("q-sis"), As("bob", Role.Approver));
        Assert.Equal(QuarantineStatus.InForce, restricted.Status);
        Assert.Equal(["alice", "bob"], restricted.ApprovedBy);

        // Tightening to isolation, with the forensics path from the engineering workstation: two approvers again.
        var tighten = Ask("q-sis-iso-2", "sis-1", QuarantineMode.Isolate);
        tighten.AccessFromAssetIds.Add("ews-1");
        var pending = await Quarantines.QuarantineAssetAsync(tighten, As("carol", Role.PlantAdmin));
        Assert.Equal((QuarantineStatus.Requested, "q-sis"), (pending.Status, pending.Supersedes));
        await Quarantines.ApproveQuarantineAsync(Step("q-sis-iso-2"), As("alice", Role.Approver));
        Assert.Equal(Domain.QuarantineMode.RestrictWrites, Assert.Single((await Berlin.GetQuarantinesAsync()).InForce).Mode);
        var isolated = await Quarantines.ApproveQuarantineAsync(Step("q-sis-iso-2"), As("bob", Role.Approver));

        Assert.Equal(QuarantineStatus.InForce, isolated.Status);
        Assert.True(isolated.Epoch > restricted.Epoch);
        var held = Assert.Single((await Berlin.GetQuarantinesAsync()).InForce);
        Assert.Equal(("q-sis-iso-2", Domain.QuarantineMode.Isolate, "ews-1"), (held.Id, held.Mode, Assert.Single(held.AccessFrom).Value));
        var superseded = await Quarantines.GetQuarantineAsync(new GetQuarantineRequest { PlantId = "berlin", QuarantineId = "q-sis" }, _server.As(Role.Auditor));
        Assert.Equal((QuarantineStatus.Superseded, "q-sis-iso-2"), (superseded.Status, superseded.SupersededBy));

        // Lifting it needs two approvers as well.
        await Quarantines.RequestLiftAsync(new RequestLiftRequest { PlantId = "berlin", QuarantineId = "q-sis-iso-2", Reason = "controller reflashed" }, As("carol", Role.PlantAdmin));
        var halfLifted = await Quarantines.ApproveLiftAsync(StepLift("q-sis-iso-2"), As("alice", Role.Approver));
        Assert.Equal((QuarantineStatus.LiftRequested, 2), (halfLifted.Status, halfLifted.LiftRequiredApprovals));
        var lifted = await Quarantines.ApproveLiftAsync(StepLift("q-sis-iso-2"), As("bob", Role.Approver));
        Assert.Equal(QuarantineStatus.Lifted, lifted.Status);
        Assert.Empty((await Berlin.GetQuarantinesAsync()).InForce);
    }

    [Fact]
    public async Task A_playbook_never_approves_so_a_safety_asset_is_not_cut_without_people()
    {
        var grain = Cluster.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(PlantId.Parse("berlin"), "q-auto"));
        var playbook = new QuarantineActor("scan-response", Domain.QuarantineActorKind.Playbook);
        var view = await grain.RequestAsync(new QuarantineSubmission(
            PlantId.Parse("berlin"), AssetId.Parse("sis-1"), Domain.QuarantineMode.RestrictWrites, [], "scanning detected", playbook));
        Assert.Equal(QuarantineStatus.Requested, (QuarantineStatus)(int)view.Status);

        var ex = await Assert.ThrowsAsync<PermissionDeniedException>(() => grain.ApproveAsync(new QuarantineActor("other-playbook", Domain.QuarantineActorKind.Playbook), null));

        Assert.Contains("playbook never", ex.Message, StringComparison.Ordinal);
        Assert.Empty((await Berlin.GetQuarantinesAsync()).InForce);
    }

    [Fact]
    public async Task A_second_quarantine_of_the_same_asset_is_refused_unless_it_tightens()
    {
        await Quarantines.QuarantineAssetAsync(Ask("q-first", "mes-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin));
        var epoch = await Berlin.GetEpochAsync();

        var second = await Refused(() => Quarantines.QuarantineAssetAsync(Ask("q-second", "mes-1", QuarantineMode.RestrictWrites), As("carol", Role.PlantAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, second.StatusCode);
        Assert.Contains("q-first", second.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(epoch, await Berlin.GetEpochAsync());
        var missing = await Refused(() => Quarantines.GetQuarantineAsync(new GetQuarantineRequest { PlantId = "berlin", QuarantineId = "q-second" }, _server.As(Role.FleetAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);

        // Repeating the first request is harmless: same quarantine, same epoch.
        var repeat = await Quarantines.QuarantineAssetAsync(Ask("q-first", "mes-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin));
        Assert.Equal(epoch, repeat.Epoch);
        Assert.Equal(epoch, await Berlin.GetEpochAsync());
    }

    [Fact]
    public async Task Invalid_input_gets_one_field_violation_per_problem_and_changes_nothing()
    {
        var epoch = await Berlin.GetEpochAsync();
        var bad = new QuarantineAssetRequest { QuarantineId = "Q 1", PlantId = "berlin", AssetId = "PLC!", Mode = QuarantineMode.Unspecified, Reason = " " };
        bad.AccessFromAssetIds.Add("ews-1");

        var ex = await Refused(() => Quarantines.QuarantineAssetAsync(bad, As("carol", Role.PlantAdmin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var fields = ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field).ToList();
        Assert.Equal(["quarantine_id", "asset_id", "mode", "reason", "access_from_asset_ids"], fields);

        var unknownPath = Ask("q-path", "plc-1", QuarantineMode.Isolate);
        unknownPath.AccessFromAssetIds.Add("nowhere-1");
        var path = await Refused(() => Quarantines.QuarantineAssetAsync(unknownPath, As("carol", Role.PlantAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, path.StatusCode);
        Assert.Equal("access_from_asset_ids[0]", path.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Single().Field);

        var unknownAsset = await Refused(() => Quarantines.QuarantineAssetAsync(Ask("q-x", "nowhere-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknownAsset.StatusCode);
        var otherPlant = await Refused(() => Quarantines.QuarantineAssetAsync(Ask("q-y", "plc-1", QuarantineMode.Isolate), _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, otherPlant.StatusCode);
        var auditor = await Refused(() => Quarantines.QuarantineAssetAsync(Ask("q-z", "plc-1", QuarantineMode.Isolate), _server.As(Role.Auditor)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, auditor.StatusCode);

        Assert.Equal(epoch, await Berlin.GetEpochAsync());
        Assert.Empty((await Quarantines.ListQuarantinesAsync(new ListQuarantinesRequest { PlantId = "berlin" }, _server.As(Role.FleetAdmin))).Quarantines);
        var refusals = await Cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000);
        Assert.Contains(refusals, r => r.Entry.Action == "/ztfleet.v1.QuarantineService/QuarantineAsset" && r.Entry.Outcome == "InvalidArgument" && r.Entry.Detail.Contains("access_from_asset_ids", StringComparison.Ordinal));
        Assert.Contains(refusals, r => r.Entry.Action == "/ztfleet.v1.QuarantineService/QuarantineAsset" && r.Entry.Outcome == "PermissionDenied");
    }

    [Fact]
    public async Task A_definition_that_removes_the_asset_drops_its_quarantine()
    {
        var inForce = await Quarantines.QuarantineAssetAsync(Ask("q-erp", "erp-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin));
        var withoutErp = WithoutAsset(TestFleets.TwoPlants, "erp-1");
        Assert.NotEqual(TestFleets.TwoPlants, withoutErp);

        await new FleetService.FleetServiceClient(_server.Channel).ApplyFleetAsync(new ApplyFleetRequest { Document = withoutErp }, _server.As(Role.FleetAdmin));

        var snapshot = (await Berlin.GetSnapshotAsync())!;
        Assert.Empty(snapshot.Quarantines!);
        Assert.True(snapshot.SegmentationEpoch > inForce.Epoch);
        Assert.Empty((await Quarantines.ListQuarantinesAsync(new ListQuarantinesRequest { PlantId = "berlin", InForceOnly = true }, _server.As(Role.FleetAdmin))).Quarantines);
        var dropped = await Eventually(async () => await Quarantines.GetQuarantineAsync(new GetQuarantineRequest { PlantId = "berlin", QuarantineId = "q-erp" }, _server.As(Role.FleetAdmin)), q => q.Status == QuarantineStatus.Dropped);
        Assert.Equal(snapshot.SegmentationEpoch, dropped.Epoch);
        Assert.Contains(await AuditAsync(), r => r.Entry.Action == "quarantine.drop" && r.Entry.Target == "q-erp");
    }

    [Fact]
    public async Task CheckFlow_denies_a_write_to_a_quarantined_plc_and_allows_it_again_after_the_lift()
    {
        var flows = new DecisionService.DecisionServiceClient(_server.Channel);
        var before = await flows.CheckFlowAsync(EwsToPlc("write", 0), _server.As(Role.Auditor));
        Assert.True(before.Decision.Allow);

        var inForce = await Quarantines.QuarantineAssetAsync(Ask("q-flow", "plc-1", QuarantineMode.RestrictWrites), As("carol", Role.PlantAdmin));
        var write = await flows.CheckFlowAsync(EwsToPlc("write", inForce.Epoch), _server.As(Role.Auditor));
        var read = await flows.CheckFlowAsync(EwsToPlc("read", inForce.Epoch), _server.As(Role.Auditor));

        Assert.False(write.Decision.Allow);
        Assert.Equal(("quarantined", "quarantine:q-flow"), (write.Decision.Reason, write.Decision.RuleId));
        Assert.True(write.Decision.Epoch >= inForce.Epoch);
        Assert.True(read.Decision.Allow);

        await Quarantines.RequestLiftAsync(new RequestLiftRequest { PlantId = "berlin", QuarantineId = "q-flow", Reason = "firmware verified" }, As("carol", Role.PlantAdmin));
        var lifted = await Quarantines.ApproveLiftAsync(StepLift("q-flow"), As("alice", Role.Approver));
        var after = await flows.CheckFlowAsync(EwsToPlc("write", lifted.Epoch), _server.As(Role.Auditor));

        Assert.True(after.Decision.Allow);
        Assert.Equal("conduit:ews-to-cell-1", after.Decision.RuleId);
    }

    [Fact]
    public async Task A_quarantine_pushes_a_new_ruleset_to_the_points_of_the_zone()
    {
        var point = await EnforcementPoint.EnrollAsync(_server, "berlin-gw-1", "berlin", "cell-1");
        await using var watcher = point.Watch(new WatchRequest { PlantId = "berlin", SinceEpoch = 0, RulesetFormat = RulesetFormat.JsonAcl });
        var first = await watcher.NextAsync();
        Assert.Equal("ruleset", first.Kind);

        var inForce = await Quarantines.QuarantineAssetAsync(Ask("q-acl", "plc-1", QuarantineMode.Isolate), As("carol", Role.PlantAdmin));

        var delivered = (await watcher.UntilAsync(inForce.Epoch))[^1];
        Assert.Equal(("quarantine-changed", inForce.Epoch), (delivered.Kind, delivered.Epoch));
        Assert.NotNull(delivered.Ruleset);
        Assert.Equal(inForce.Epoch, delivered.Ruleset.Epoch);
        Assert.NotEqual(first.Ruleset.Sha256, delivered.Ruleset.Sha256);
    }

    private static CheckFlowRequest EwsToPlc(string operation, long atLeastEpoch) => new()
    {
        PlantId = "berlin",
        Source = new FlowEndpoint { AssetId = "ews-1" },
        Destination = new FlowEndpoint { AssetId = "plc-1" },
        Protocol = "s7comm",
        Operation = operation,
        AtLeastEpoch = atLeastEpoch,
    };

    private static QuarantineAssetRequest Ask(string id, string asset, QuarantineMode mode) => new()
    {
        QuarantineId = id,
        PlantId = "berlin",
        AssetId = asset,
        Mode = mode,
        Reason = "suspicious firmware change",
    };

    /// <summary>The document without the asset's entry (its lines up to the next list item).</summary>
    private static string WithoutAsset(string document, string asset)
    {
        var lines = document.Split('\n').ToList();
        var first = lines.FindIndex(l => l.TrimStart() == $"- id: {asset}");
        var next = lines.FindIndex(first + 1, l => l.TrimStart().StartsWith("- id: ", StringComparison.Ordinal));
        lines.RemoveRange(first, next - first);
        return string.Join('\n', lines);
    }

    private static ApproveQuarantineRequest Step(string id) => new() { PlantId = "berlin", QuarantineId = id };

    private static ApproveLiftRequest StepLift(string id) => new() { PlantId = "berlin", QuarantineId = id };

    private CallOptions As(string subject, Role role) => _server.AsSubject(subject, role, "berlin");

    private async Task<IReadOnlyList<AuditRecord>> AuditAsync() => await Cluster.GetGrain<IAuditGrain>("berlin").ReadAsync(0, 1000);

    private static PlantDelta Delta(IReadOnlyList<ZtFleet.Grains.Propagation.DeltaRecord> records) =>
        ZtFleet.Grains.Propagation.DeltaSerializer.FromRecord(Assert.Single(records));

    private static async Task<RpcException> Refused(Func<Task> call) => await Assert.ThrowsAsync<RpcException>(call);

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
