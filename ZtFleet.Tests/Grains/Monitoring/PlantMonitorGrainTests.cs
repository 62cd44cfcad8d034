using System.Collections.Concurrent;
using Orleans.Streams;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Monitoring.Trust;
using ZtFleet.Tests.Api;

namespace ZtFleet.Tests.Grains.Monitoring;

/// <summary>The plant monitor grain: dedup by key, ids, the stream, the trust feed, triage and learning mode.</summary>
public sealed class PlantMonitorGrainTests(MonitorClusterFixture fixture) : IClassFixture<MonitorClusterFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Findings_of_one_key_are_one_detection_and_every_version_is_published()
    {
        var plant = await PlantAsync("dedup");
        var seen = new ConcurrentQueue<Detection>();
        var three = new TaskCompletionSource();
        var subscription = await DetectionStreams.Of(fixture.Cluster.Client, plant).SubscribeAsync((d, _) =>
        {
            seen.Enqueue(d);
            if (seen.Count >= 3)
            {
                three.TrySetResult();
            }

            return Task.CompletedTask;
        });
        var monitor = Monitor(plant);

        var first = await monitor.RecordAsync([Scan(plant, "ews-1", "e1")]);
        var second = await monitor.RecordAsync([Scan(plant, "ews-1", "e2"), Scan(plant, "hmi-1", "e3")]);

        Assert.Equal($"{plant}-1", Assert.Single(first).Id);
        Assert.Equal([($"{plant}-1", 2L), ($"{plant}-2", 1L)], second.Select(d => (d.Id, d.Count)).OrderBy(x => x.Id));
        var stored = await monitor.GetDetectionAsync($"{plant}-1");
        Assert.Equal(["e1", "e2"], stored!.Finding.Evidence);
        await three.Task.WaitAsync(Wait);
        Assert.Equal([1L, 2L, 3L], seen.Select(d => d.Revision).Order());
        Assert.Equal(3L, await monitor.GetRevisionAsync());
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task A_new_detection_lowers_trust_and_closing_it_gives_it_back()
    {
        var plant = await PlantAsync("trust");
        var monitor = Monitor(plant);

        var opened = Assert.Single(await monitor.RecordAsync([Scan(plant, "ews-1", "e1")]));
        await monitor.RecordAsync([Scan(plant, "ews-1", "e2")]);
        var closed = await monitor.CloseAsync(opened.Id, "carol", "pentest by the vendor");

        var calls = MonitorClusterFixture.Trust.Calls.Where(c => c.Detection.Id == opened.Id).Select(c => c.Call).ToList();
        Assert.Equal(["add", "remove"], calls);
        Assert.Equal((DetectionStatus.Closed, "carol", "pentest by the vendor"), (closed.Status, closed.ClosedBy, closed.CloseReason));
        Assert.Empty((await monitor.ListDetectionsAsync(new DetectionQuery(plant) { Statuses = [DetectionStatus.Open] })).Detections);

        // The key is free again: the next finding opens a new detection.
        Assert.Equal($"{plant}-2", Assert.Single(await monitor.RecordAsync([Scan(plant, "ews-1", "e3")])).Id);
    }

    [Fact]
    public void A_detection_counts_once_in_trust_an_off_shift_access_as_off_shift_and_our_own_mfa_lockout_not_again()
    {
        var plant = PlantId.Parse("berlin");
        var offShift = DetectionRecording.Open("berlin-1", new Finding(DetectionType.OffShiftAccess, Severity.Low, plant, "off-shift-access:jdoe", "jdoe…", DateTimeOffset.UnixEpoch, ["e"]) { Identity = IdentityId.Parse("jdoe") }, 1);
        var lockout = DetectionRecording.Open("berlin-2", new Finding(DetectionType.Lockout, Severity.High, plant, "lockout:jdoe", "jdoe…", DateTimeOffset.UnixEpoch, ["jump-1:7:0"]) { Identity = IdentityId.Parse("jdoe") }, 2);
        var ownLockout = DetectionRecording.Open("berlin-3", new Finding(DetectionType.Lockout, Severity.High, plant, "lockout:jdoe", "jdoe…", DateTimeOffset.UnixEpoch, [$"{DetectionTrust.OwnMfaSender}:1:0"]) { Identity = IdentityId.Parse("jdoe") }, 3);

        Assert.Equal(TrustFactorKind.OffShift, DetectionTrust.OnIdentity(offShift));
        Assert.Equal(TrustFactorKind.Detection, DetectionTrust.OnIdentity(lockout));
        Assert.Null(DetectionTrust.OnIdentity(ownLockout));
        Assert.Equal(TrustFactorKind.Detection, DetectionTrust.OnAsset(offShift));
    }

    [Fact]
    public async Task Acknowledging_keeps_it_in_force_and_closed_ones_cannot_be_triaged_again()
    {
        var plant = await PlantAsync("triage");
        var monitor = Monitor(plant);
        var opened = Assert.Single(await monitor.RecordAsync([Scan(plant, "ews-1", "e1")]));

        var acknowledged = await monitor.AcknowledgeAsync(opened.Id, "carol");
        var again = await monitor.AcknowledgeAsync(opened.Id, "dave");
        var absorbed = Assert.Single(await monitor.RecordAsync([Scan(plant, "ews-1", "e2")]));
        await monitor.CloseAsync(opened.Id, "carol", "resolved");

        Assert.Equal((DetectionStatus.Acknowledged, "carol"), (acknowledged.Status, acknowledged.AcknowledgedBy));
        Assert.Equal("carol", again.AcknowledgedBy);
        Assert.Equal((opened.Id, DetectionStatus.Acknowledged, 2L), (absorbed.Id, absorbed.Status, absorbed.Count));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => monitor.CloseAsync(opened.Id, "carol", "twice"));
        await Assert.ThrowsAsync<PreconditionFailedException>(() => monitor.AcknowledgeAsync(opened.Id, "carol"));
        await Assert.ThrowsAsync<NotFoundException>(() => monitor.CloseAsync($"{plant}-99", "carol", "no such"));
    }

    [Fact]
    public async Task Only_baseline_findings_about_an_asset_can_be_learned()
    {
        var plant = await PlantAsync("learn");
        var monitor = Monitor(plant);
        var asset = AssetId.Parse("plc-1");
        var baseline = new Finding(DetectionType.FunctionCodeOutsideBaseline, Severity.High, plant, "function-code-outside-baseline:ews-1>plc-1:fc90", "ews-1 sent fc90 to plc-1.", MonitorClusterFixture.Time.GetUtcNow(), ["e1"])
        {
            Asset = asset,
            Learnable = "learn:operation source:ews-1 protocol:modbus-tcp unit:1 op:fc90",
        };
        var detections = await monitor.RecordAsync([baseline, Scan(plant, "ews-1", "e2")]);

        var learned = await monitor.LearnAsync(detections.Single(d => d.Finding.Learnable is not null).Id, "carol", null);
        var refusal = await Assert.ThrowsAsync<PreconditionFailedException>(() => monitor.LearnAsync(detections.Single(d => d.Finding.Learnable is null).Id, "carol", null));

        Assert.Equal((DetectionStatus.Learned, "learned into the baseline"), (learned.Status, learned.CloseReason));
        Assert.Contains("cannot be learned", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Learning_starts_at_the_first_telemetry_and_an_admin_ends_or_restarts_it_per_zone()
    {
        var plant = await PlantAsync("learning");
        var monitor = Monitor(plant);
        var cell = ZoneId.Parse("cell-1");

        var before = await monitor.GetModeAsync();
        var learning = await monitor.GetLearningZonesAsync();
        var ended = await monitor.SetLearningAsync(cell, learning: false);
        var afterEnd = await monitor.GetLearningZonesAsync();
        await monitor.SetLearningAsync(null, learning: false);
        var afterPlantEnd = await monitor.GetLearningZonesAsync();
        await monitor.SetLearningAsync(cell, learning: true);

        Assert.False(before.Plant.Learning);
        Assert.Null(before.Plant.StartedAt);
        Assert.Equal(7, before.LearningDays);
        Assert.Equal(5, learning.Count);
        Assert.False(ended.Zones.Single(z => z.Zone == cell).Learning);
        Assert.True(ended.Zones.Single(z => z.Zone == cell).Overridden);
        Assert.Equal(4, afterEnd.Count);
        Assert.DoesNotContain(cell, afterEnd);
        Assert.Empty(afterPlantEnd);
        Assert.Equal(new HashSet<ZoneId> { cell }, await monitor.GetLearningZonesAsync());
        await Assert.ThrowsAsync<NotFoundException>(() => monitor.SetLearningAsync(ZoneId.Parse("no-such-zone"), learning: false));
    }

    [Fact]
    public async Task The_plant_wide_detectors_run_on_observed_events_and_their_detections_are_stored()
    {
        var plant = await PlantAsync("observe");
        var monitor = Monitor(plant);
        var at = MonitorClusterFixture.Time.GetUtcNow();
        var rogue = new ObservedHost("10.0.21.99", 40000, null, null);
        var plc = new ObservedHost("10.0.21.11", 502, AssetId.Parse("plc-1"), ZoneId.Parse("cell-1"));

        // A List, not a collection expression: Orleans refuses the compiler's synthesized read-only list types
        // inside a serialized record.
        await monitor.ObserveAsync(new PlantObservations(new List<TelemetryEvent>
        {
            new OtTransactionEvent { Id = "gw:1:0", Plant = plant, At = at, Sender = "gw", Source = rogue, Destination = plc, Protocol = "modbus-tcp", Operation = "fc16", Outcome = OtOutcome.Forwarded },
        }));

        var listed = await monitor.ListDetectionsAsync(new DetectionQuery(plant));
        var detection = Assert.Single(listed.Detections);
        Assert.Equal((DetectionType.UninventoriedHost, Severity.High, "uninventoried-host:10.0.21.99"), (detection.Finding.Type, detection.Finding.Severity, detection.Finding.Key));
        Assert.True((await monitor.GetModeAsync()).Plant.Learning);
    }

    private IPlantMonitorGrain Monitor(PlantId plant) => fixture.Cluster.GrainFactory.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant));

    private async Task<PlantId> PlantAsync(string suffix)
    {
        var document = FleetDocuments.Unique(FleetDocuments.Read(TestFleets.TwoPlants), suffix);
        await fixture.Cluster.GrainFactory.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(document, FleetDocuments.Options());
        return PlantId.Parse($"berlin-{suffix}");
    }

    private static Finding Scan(PlantId plant, string source, string evidence) =>
        new(DetectionType.Scanning, Severity.High, plant, $"scanning:{source}", $"{source} reached 32 destinations.", MonitorClusterFixture.Time.GetUtcNow(), [evidence])
        {
            Asset = AssetId.Parse(source),
            Zone = ZoneId.Parse("site-ops"),
            Technique = PlantTechniques.RemoteSystemDiscovery,
        };
}
