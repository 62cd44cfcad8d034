using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Tests.Infrastructure;
using Operation = ZtFleet.Policy.Access.Operation;
using TelemetryEvent = ZtFleet.Policy.Monitoring.Telemetry.TelemetryEvent;

namespace ZtFleet.Tests.Api.Incidents;

/// <summary>
/// IncidentService through the real API and silo (memory mode, fake clock), fed the real way: events observed by the
/// plants' monitors, whose detectors store detections, which the correlator groups.
/// </summary>
public sealed class IncidentServiceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 23, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly ApiServer _server;

    public IncidentServiceTests() => _server = new ApiServer(_time);

    private IncidentService.IncidentServiceClient Incidents => new(_server.Channel);

    private IClusterClient Cluster => (IClusterClient)_server.ApiServices.GetService(typeof(IClusterClient))!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_vendor_locked_out_at_berlin_and_off_shift_at_austin_is_one_incident_whole_for_the_fleet_and_a_part_for_each_plant()
    {
        await VendorAtBothPlantsAsync();
        var fleet = _server.As(Role.FleetAdmin);

        var incident = await EventuallyAsync(fleet, i => i.Parts.Count == 2);
        var berlinView = Assert.Single((await Incidents.ListIncidentsAsync(new ListIncidentsRequest(), _server.As(Role.PlantAdmin, "berlin"))).Incidents);
        var austinView = await Incidents.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.Id }, _server.As(Role.PlantAdmin, "austin"));
        var auditorView = await Incidents.GetIncidentAsync(new GetIncidentRequest { IncidentId = incident.Id }, _server.As(Role.Auditor));

        Assert.True(incident.CrossPlant);
        Assert.Equal(["berlin", "austin"], incident.PlantIds);
        Assert.Equal(["vendor-tech"], incident.IdentityIds);
        Assert.Equal(DetectionSeverity.Critical, incident.Severity);
        Assert.Equal("Identity vendor-tech: lockout at berlin, off shift access at austin (2 plants).", incident.Title);
        Assert.False(incident.Partial);
        Assert.Equal(incident, auditorView);

        Assert.Equal((incident.Id, true, false), (berlinView.Id, berlinView.Partial, berlinView.CrossPlant));
        Assert.Equal(["berlin"], berlinView.PlantIds);
        Assert.Equal([(IncidentPartKind.Detection, "berlin")], berlinView.Parts.Select(p => (p.Kind, p.PlantId)));
        Assert.Equal(DetectionSeverity.High, berlinView.Severity);
        Assert.DoesNotContain("austin", berlinView.Title, StringComparison.Ordinal);
        Assert.Equal(["austin"], austinView.Parts.Select(p => p.PlantId));
    }

    [Fact]
    public async Task A_plant_admin_comments_on_its_part_but_only_a_fleet_admin_assigns_and_closes_a_cross_plant_incident_and_all_is_audited()
    {
        await VendorAtBothPlantsAsync();
        var incident = await EventuallyAsync(_server.As(Role.FleetAdmin), i => i.Parts.Count == 2);
        var carol = _server.AsSubject("carol", Role.PlantAdmin, "berlin");
        var alice = _server.AsSubject("alice", Role.FleetAdmin);

        var commented = await Incidents.CommentIncidentAsync(new CommentIncidentRequest { IncidentId = incident.Id, Text = "Badge reader logs pulled." }, carol);
        var close = await Assert.ThrowsAsync<RpcException>(() => Incidents.CloseIncidentAsync(new CloseIncidentRequest { IncidentId = incident.Id, Reason = "done" }, carol).ResponseAsync);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => Incidents.CloseIncidentAsync(new CloseIncidentRequest { IncidentId = incident.Id }, alice).ResponseAsync);
        var assigned = await Incidents.AssignIncidentAsync(new AssignIncidentRequest { IncidentId = incident.Id }, alice);
        var closed = await Incidents.CloseIncidentAsync(new CloseIncidentRequest { IncidentId = incident.Id, Reason = "vendor account reset, ticket SEC-77" }, alice);
        var again = await Assert.ThrowsAsync<RpcException>(() => Incidents.CloseIncidentAsync(new CloseIncidentRequest { IncidentId = incident.Id, Reason = "twice" }, alice).ResponseAsync);
        var outsider = await Assert.ThrowsAsync<RpcException>(() => Incidents.CommentIncidentAsync(new CommentIncidentRequest { IncidentId = "inc-999", Text = "x" }, carol).ResponseAsync);

        Assert.True(commented.Partial);
        Assert.Contains(commented.Parts, p => p is { Kind: IncidentPartKind.Note, Summary: "Badge reader logs pulled.", PlantId: "berlin" });
        Assert.Equal(StatusCode.PermissionDenied, close.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Equal((IncidentStatus.Investigating, "alice"), (assigned.Status, assigned.Owner));
        Assert.Equal((IncidentStatus.Closed, "vendor account reset, ticket SEC-77"), (closed.Status, closed.CloseReason));
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.Equal(StatusCode.NotFound, outsider.StatusCode);
        var audit = await Cluster.GetGrain<IAuditGrain>(IAuditGrain.FleetScope).ReadAsync(0, 1000);
        Assert.Contains(audit, r => r.Entry is { Action: "incident.comment" } e && e.Target == incident.Id);
        Assert.Contains(audit, r => r.Entry is { Action: "incident.assign" } e && e.Target == incident.Id);
        Assert.Contains(audit, r => r.Entry is { Action: "incident.close" } e && e.Target == incident.Id);
    }

    [Fact]
    public async Task A_watcher_gets_incidents_live_and_a_reconnecting_one_resumes_after_its_revision_seeing_only_its_plants()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        long revision;
        using (var watch = Incidents.WatchIncidents(new WatchIncidentsRequest { LiveOnly = true }, _server.As(Role.FleetAdmin).WithCancellationToken(cancel.Token)))
        {
            await watch.ResponseHeadersAsync;
            await ObserveAsync("berlin", Lockout("berlin", "vendor-tech"));
            Assert.True(await watch.ResponseStream.MoveNext(cancel.Token));
            var live = watch.ResponseStream.Current;
            Assert.False(live.Replayed);
            Assert.Equal(["berlin"], live.Incident.PlantIds);
            revision = live.Incident.Revision;
        }

        await ObserveAsync("austin", OffShift("austin", "vendor-tech"));
        await EventuallyAsync(_server.As(Role.FleetAdmin), i => i.Parts.Count == 2);
        using var resumed = Incidents.WatchIncidents(new WatchIncidentsRequest { SinceRevision = revision }, _server.As(Role.PlantAdmin, "austin").WithCancellationToken(cancel.Token));
        Assert.True(await resumed.ResponseStream.MoveNext(cancel.Token));
        var replayed = resumed.ResponseStream.Current;
        Assert.True(replayed.Replayed);
        Assert.True(replayed.Incident.Revision > revision);
        Assert.True(replayed.Incident.Partial);
        Assert.Equal(["austin"], replayed.Incident.PlantIds);
    }

    [Fact]
    public async Task Filters_and_scope_of_the_list()
    {
        await VendorAtBothPlantsAsync();
        var fleet = _server.As(Role.FleetAdmin);
        await EventuallyAsync(fleet, i => i.Parts.Count == 2);

        var critical = await Incidents.ListIncidentsAsync(new ListIncidentsRequest { MinSeverity = DetectionSeverity.Critical }, fleet);
        var closed = await Incidents.ListIncidentsAsync(new ListIncidentsRequest { Statuses = { IncidentStatus.Closed } }, fleet);
        var jdoe = await Incidents.ListIncidentsAsync(new ListIncidentsRequest { IdentityId = "jdoe" }, fleet);
        var austinOnly = await Incidents.ListIncidentsAsync(new ListIncidentsRequest { PlantId = "austin" }, fleet);
        // Of the cross-plant incident, a berlin admin sees a high one; a critical filter does not reveal the whole.
        var berlinCritical = await Incidents.ListIncidentsAsync(new ListIncidentsRequest { MinSeverity = DetectionSeverity.Critical }, _server.As(Role.PlantAdmin, "berlin"));
        var outOfScope = await Assert.ThrowsAsync<RpcException>(() => Incidents.ListIncidentsAsync(new ListIncidentsRequest { PlantId = "austin" }, _server.As(Role.PlantAdmin, "berlin")).ResponseAsync);
        var approver = await Assert.ThrowsAsync<RpcException>(() => Incidents.ListIncidentsAsync(new ListIncidentsRequest(), _server.As(Role.Approver, "berlin")).ResponseAsync);

        Assert.Single(critical.Incidents);
        Assert.Empty(closed.Incidents);
        Assert.Empty(jdoe.Incidents);
        Assert.Single(austinOnly.Incidents);
        Assert.Empty(berlinCritical.Incidents);
        Assert.Equal(StatusCode.NotFound, outOfScope.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, approver.StatusCode);
    }

    [Fact]
    public async Task A_break_glass_decision_on_a_safety_controller_is_an_incident_toward_safety()
    {
        var decisions = new DecisionService.DecisionServiceClient(_server.Channel);
        await decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "sis-1", Operation = ZtFleet.Api.V1.Operation.Write, Emergency = true },
            _server.As(Role.FleetAdmin));

        var incident = await EventuallyAsync(_server.As(Role.PlantAdmin, "berlin"), i => i.IdentityIds.Contains("jdoe"));

        var part = Assert.Single(incident.Parts);
        Assert.Equal((IncidentPartKind.Access, "sis-1", true), (part.Kind, part.AssetId, part.Safety));
        Assert.True(incident.TowardSafety);
        Assert.Equal(DetectionSeverity.High, incident.Severity);
        Assert.Contains("break-glass", part.Summary, StringComparison.Ordinal);
    }

    private async Task VendorAtBothPlantsAsync()
    {
        await ObserveAsync("berlin", Lockout("berlin", "vendor-tech"));
        _time.Advance(TimeSpan.FromMinutes(20));
        await ObserveAsync("austin", OffShift("austin", "vendor-tech"));
    }

    private Task ObserveAsync(string plant, TelemetryEvent e) =>
        Cluster.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(PlantId.Parse(plant))).ObserveAsync(new PlantObservations([e]));

    private AuthenticationEvent Lockout(string plant, string identity) => new()
    {
        Id = $"jump-1:{_time.GetUtcNow().UtcTicks}:0",
        Plant = PlantId.Parse(plant),
        At = _time.GetUtcNow(),
        Sender = "jump-1",
        Identity = IdentityId.Parse(identity),
        User = identity,
        Method = "totp",
        Success = false,
        Reason = "lockout",
    };

    private AccessDecisionEvent OffShift(string plant, string identity) => new()
    {
        Id = $"gw-1:{_time.GetUtcNow().UtcTicks}:0",
        Plant = PlantId.Parse(plant),
        At = _time.GetUtcNow(),
        Sender = "gw-1",
        Identity = IdentityId.Parse(identity),
        Asset = AssetId.Parse("plc-a1"),
        Operation = Operation.Write,
        Allowed = false,
        Reason = DecisionReasons.OutsideShift,
    };

    private async Task<Incident> EventuallyAsync(CallOptions caller, Func<Incident, bool> done)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            var listed = await Incidents.ListIncidentsAsync(new ListIncidentsRequest(), caller);
            if (listed.Incidents.FirstOrDefault(done) is { } incident)
            {
                return incident;
            }

            // The monitors call the correlator one-way: wait for the turn that stores the incident.
            await Task.Delay(20, timeout.Token);
        }
    }
}
