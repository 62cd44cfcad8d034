using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Tests.Infrastructure;
using DetectionStatus = ZtFleet.Api.V1.DetectionStatus;
using DetectionType = ZtFleet.Policy.Monitoring.Detections.DetectionType;
using V1 = ZtFleet.Api.V1;

namespace ZtFleet.Tests.Api.Monitoring;

/// <summary>MonitoringService through the real API and silo (memory mode, fake clock).</summary>
public sealed class MonitoringServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly PlantId Berlin = PlantId.Parse("berlin");

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public MonitoringServiceTests() => _server = new ApiServer(_time);

    private MonitoringService.MonitoringServiceClient Monitoring => new(_server.Channel);

    private IClusterClient Cluster => (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;

    private IPlantMonitorGrain BerlinMonitor => Cluster.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(Berlin));

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task An_auditor_lists_detections_newest_first_filtered_and_paged()
    {
        await BerlinMonitor.RecordAsync([
            Finding(DetectionType.Scanning, Severity.High, "scanning:ews-1", asset: "ews-1"),
            Finding(DetectionType.UninventoriedHost, Severity.Medium, "uninventoried-host:10.0.21.99"),
            Finding(DetectionType.MfaFailureBurst, Severity.Medium, "mfa-failure-burst:jdoe", identity: "jdoe"),
            Finding(DetectionType.Scanning, Severity.Low, "scanning:hmi-1", asset: "hmi-1"),
        ]);
        var auditor = _server.As(Role.Auditor);

        var all = await Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin" }, auditor);
        var scans = await Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin", Types_ = { V1.DetectionType.Scanning } }, auditor);
        var serious = await Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin", MinSeverity = DetectionSeverity.Medium }, auditor);
        var jdoe = await Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin", IdentityId = "jdoe" }, auditor);
        var page1 = await Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin", PageSize = 3 }, auditor);
        var page2 = await Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin", PageSize = 3, PageToken = page1.NextPageToken }, auditor);

        Assert.Equal(["berlin-4", "berlin-3", "berlin-2", "berlin-1"], all.Detections.Select(d => d.Id));
        Assert.Equal(4, all.Total);
        Assert.Equal(["berlin-4", "berlin-1"], scans.Detections.Select(d => d.Id));
        Assert.Equal(3, serious.Total);
        Assert.Equal("berlin-3", Assert.Single(jdoe.Detections).Id);
        Assert.Equal((3, 4L), (page1.Detections.Count, page1.Total));
        Assert.Equal(("berlin-1", string.Empty), (Assert.Single(page2.Detections).Id, page2.NextPageToken));
        var scan = all.Detections.Single(d => d.Id == "berlin-1");
        Assert.Equal((V1.DetectionType.Scanning, DetectionSeverity.High, DetectionStatus.Open, "ews-1", "T0846"), (scan.Type, scan.Severity, scan.Status, scan.AssetId, scan.Technique.Id));
    }

    [Fact]
    public async Task A_watcher_gets_a_new_detection_live_and_a_reconnecting_one_resumes_after_its_revision()
    {
        await BerlinMonitor.RecordAsync([Finding(DetectionType.Scanning, Severity.High, "scanning:ews-1", asset: "ews-1")]);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        using (var watch = Monitoring.WatchDetections(new WatchDetectionsRequest { PlantId = "berlin", SinceRevision = 1 }, _server.As(Role.PlantAdmin, "berlin").WithCancellationToken(cancel.Token)))
        {
            await BerlinMonitor.RecordAsync([Finding(DetectionType.Lockout, Severity.High, "lockout:jdoe", identity: "jdoe")]);
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            var live = watch.ResponseStream.Current.Detection;
            Assert.Equal(("berlin-2", V1.DetectionType.Lockout, 2L), (live.Id, live.Type, live.Revision));
        }

        await BerlinMonitor.AcknowledgeAsync("berlin-1", "carol");
        using var resumed = Monitoring.WatchDetections(new WatchDetectionsRequest { PlantId = "berlin", SinceRevision = 2 }, _server.As(Role.Auditor).WithCancellationToken(cancel.Token));
        Assert.True(await resumed.ResponseStream.MoveNext(cancel.Token));
        var replayed = resumed.ResponseStream.Current;
        Assert.True(replayed.Replayed);
        Assert.Equal(("berlin-1", DetectionStatus.Acknowledged, 3L), (replayed.Detection.Id, replayed.Detection.Status, replayed.Detection.Revision));
    }

    [Fact]
    public async Task A_plant_admin_acknowledges_and_closes_with_a_reason_and_both_are_audited()
    {
        await BerlinMonitor.RecordAsync([Finding(DetectionType.Scanning, Severity.High, "scanning:ews-1", asset: "ews-1")]);
        var admin = _server.AsSubject("carol", Role.PlantAdmin, "berlin");

        var acknowledged = await Monitoring.AcknowledgeDetectionAsync(new AcknowledgeDetectionRequest { DetectionId = "berlin-1", Comment = "looking" }, admin);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => Monitoring.CloseDetectionAsync(new CloseDetectionRequest { DetectionId = "berlin-1" }, admin).ResponseAsync);
        var closed = await Monitoring.CloseDetectionAsync(new CloseDetectionRequest { DetectionId = "berlin-1", Reason = "vendor pentest, ticket 4711" }, admin);
        var again = await Assert.ThrowsAsync<RpcException>(() => Monitoring.CloseDetectionAsync(new CloseDetectionRequest { DetectionId = "berlin-1", Reason = "twice" }, admin).ResponseAsync);

        Assert.Equal((DetectionStatus.Acknowledged, "carol (plant-admin)"), (acknowledged.Status, acknowledged.AcknowledgedBy));
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal((DetectionStatus.Closed, "vendor pentest, ticket 4711"), (closed.Status, closed.CloseReason));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        var audit = await Cluster.GetGrain<IAuditGrain>("berlin").ReadAsync(0, 100);
        Assert.Contains(audit, r => r.Entry is { Action: "detection.acknowledge", Target: "berlin-1", Outcome: "acknowledged" });
        Assert.Contains(audit, r => r.Entry is { Action: "detection.close", Target: "berlin-1", Outcome: "closed" });
    }

    [Fact]
    public async Task Learning_a_baseline_finding_works_and_learning_a_lockout_is_refused_clearly()
    {
        var baseline = Finding(DetectionType.FunctionCodeOutsideBaseline, Severity.High, "function-code-outside-baseline:ews-1>plc-1:fc90", asset: "plc-1") with { Learnable = "learn:operation source:ews-1 protocol:modbus-tcp unit:1 op:fc90" };
        await BerlinMonitor.RecordAsync([baseline, Finding(DetectionType.Lockout, Severity.High, "lockout:jdoe", identity: "jdoe")]);
        var admin = _server.As(Role.FleetAdmin);

        var learned = await Monitoring.LearnDetectionAsync(new LearnDetectionRequest { DetectionId = "berlin-1", Reason = "new recipe download" }, admin);
        var refused = await Assert.ThrowsAsync<RpcException>(() => Monitoring.LearnDetectionAsync(new LearnDetectionRequest { DetectionId = "berlin-2" }, admin).ResponseAsync);

        Assert.Equal(DetectionStatus.Learned, learned.Status);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("cannot be learned", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Role.FleetAdmin, "", StatusCode.OK, StatusCode.OK)]
    [InlineData(Role.PlantAdmin, "berlin", StatusCode.OK, StatusCode.OK)]
    [InlineData(Role.Auditor, "", StatusCode.OK, StatusCode.PermissionDenied)]
    [InlineData(Role.PlantAdmin, "austin", StatusCode.NotFound, StatusCode.NotFound)]
    [InlineData(Role.Approver, "berlin", StatusCode.PermissionDenied, StatusCode.PermissionDenied)]
    public async Task Who_may_read_and_triage_depends_on_role_and_plant(Role role, string plant, StatusCode read, StatusCode triage)
    {
        await BerlinMonitor.RecordAsync([Finding(DetectionType.Scanning, Severity.High, "scanning:ews-1", asset: "ews-1")]);
        var caller = plant.Length == 0 ? _server.As(role) : _server.As(role, plant);

        Assert.Equal(read, await CodeOf(() => Monitoring.GetDetectionAsync(new GetDetectionRequest { DetectionId = "berlin-1" }, caller).ResponseAsync));
        Assert.Equal(read, await CodeOf(() => Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin" }, caller).ResponseAsync));
        Assert.Equal(read, await CodeOf(() => Monitoring.GetMonitoringModeAsync(new GetMonitoringModeRequest { PlantId = "berlin" }, caller).ResponseAsync));
        Assert.Equal(triage, await CodeOf(() => Monitoring.AcknowledgeDetectionAsync(new AcknowledgeDetectionRequest { DetectionId = "berlin-1" }, caller).ResponseAsync));
        Assert.Equal(triage, await CodeOf(() => Monitoring.SetLearningModeAsync(new SetLearningModeRequest { PlantId = "berlin", Action = LearningAction.End, Reason = "commissioning done" }, caller).ResponseAsync));
    }

    [Fact]
    public async Task An_admin_ends_learning_for_a_zone_and_restarts_it_for_the_plant_and_both_are_audited()
    {
        await BerlinMonitor.GetLearningZonesAsync();
        var admin = _server.AsSubject("carol", Role.PlantAdmin, "berlin");

        var before = await Monitoring.GetMonitoringModeAsync(new GetMonitoringModeRequest { PlantId = "berlin" }, admin);
        var ended = await Monitoring.SetLearningModeAsync(new SetLearningModeRequest { PlantId = "berlin", ZoneId = "cell-1", Action = LearningAction.End, Reason = "cell commissioned" }, admin);
        _time.Advance(TimeSpan.FromDays(8));
        admin = _server.AsSubject("carol", Role.PlantAdmin, "berlin");
        var operational = await Monitoring.GetMonitoringModeAsync(new GetMonitoringModeRequest { PlantId = "berlin" }, admin);
        var restarted = await Monitoring.SetLearningModeAsync(new SetLearningModeRequest { PlantId = "berlin", Action = LearningAction.Restart, Reason = "line rebuilt" }, admin);

        Assert.True(before.Plant.Learning);
        Assert.Equal(7, before.LearningDays);
        Assert.All(before.Zones, z => Assert.True(z.Learning));
        Assert.False(ended.Zones.Single(z => z.ZoneId == "cell-1").Learning);
        Assert.True(ended.Zones.Single(z => z.ZoneId == "dmz").Learning);
        Assert.False(operational.Plant.Learning);
        Assert.All(restarted.Zones, z => Assert.True(z.Learning));
        Assert.Equal(_time.GetUtcNow().AddDays(7), restarted.Plant.EndsAt.ToDateTimeOffset());
        var audit = await Cluster.GetGrain<IAuditGrain>("berlin").ReadAsync(0, 100);
        Assert.Contains(audit, r => r.Entry is { Action: "monitoring.learning-end", Target: "berlin/cell-1" });
        Assert.Contains(audit, r => r.Entry is { Action: "monitoring.learning-restart", Target: "berlin" });
    }

    [Fact]
    public async Task Bad_filters_and_ids_are_field_violations()
    {
        var admin = _server.As(Role.FleetAdmin);

        var badId = await Assert.ThrowsAsync<RpcException>(() => Monitoring.GetDetectionAsync(new GetDetectionRequest { DetectionId = "berlin" }, admin).ResponseAsync);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "berlin", PageToken = "x" }, admin).ResponseAsync);
        var unknownPlant = await Assert.ThrowsAsync<RpcException>(() => Monitoring.ListDetectionsAsync(new ListDetectionsRequest { PlantId = "lyon" }, admin).ResponseAsync);
        var noAction = await Assert.ThrowsAsync<RpcException>(() => Monitoring.SetLearningModeAsync(new SetLearningModeRequest { PlantId = "berlin", Reason = "x" }, admin).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, badId.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, badToken.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknownPlant.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noAction.StatusCode);
    }

    private static async Task<StatusCode> CodeOf(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException ex)
        {
            return ex.StatusCode;
        }
    }

    private Finding Finding(DetectionType type, Severity severity, string key, string? asset = null, string? identity = null) =>
        new(type, severity, Berlin, key, $"{key} happened.", _time.GetUtcNow(), [$"gw:1:{key.Length}"])
        {
            Asset = asset is null ? null : AssetId.Parse(asset),
            Identity = identity is null ? null : IdentityId.Parse(identity),
            Zone = ZoneId.Parse("cell-1"),
            Source = new ObservedHost("10.0.30.20", null, AssetId.Parse("ews-1"), ZoneId.Parse("site-ops")),
            Technique = type == DetectionType.Scanning ? PlantTechniques.RemoteSystemDiscovery : null,
        };
}
