using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;
using Orleans.Storage;
using Orleans.TestingHost;
using ZtFleet.Grains.Assets;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Policy.Monitoring.Baselines;

namespace ZtFleet.Tests.Grains;

/// <summary>The asset grain's baseline: learning then operational, learn, persistence, silence found by the timer's check.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AssetBaselineGrainTests(ClusterFixture fixture)
{
    private static readonly PlantId Plant = PlantId.Parse("plant-baseline");
    private static readonly ObservedHost Hmi = new("10.1.1.20", null, AssetId.Parse("hmi-1"), ZoneId.Parse("cell-1"));
    private static long _sequence;

    private IAssetGrain Asset(string asset) => fixture.Grains.GetGrain<IAssetGrain>(GrainKeys.Asset(Plant, AssetId.Parse(asset)));

    private static OtTransactionEvent Read(string asset, int functionCode, DateTimeOffset at) => new()
    {
        Id = $"pep-1:{Interlocked.Increment(ref _sequence)}:0",
        Plant = Plant,
        At = at,
        Sender = "pep-1",
        Source = Hmi,
        Destination = new ObservedHost("10.1.1.10", 502, AssetId.Parse(asset), ZoneId.Parse("cell-1")),
        Protocol = "modbus-tcp",
        Operation = $"fc{functionCode}",
        FunctionCode = functionCode,
        Unit = 1,
        Address = 0,
        Quantity = 10,
        Outcome = OtOutcome.Forwarded,
    };

    [Fact]
    public async Task Learning_reports_nothing_then_novelty_is_found_and_a_learned_finding_is_not_found_again()
    {
        var grain = Asset("plc-learn");
        var now = ClusterFixture.Time.GetUtcNow();

        Assert.Empty(await grain.ObserveAsync(new AssetObservations([Read("plc-learn", 3, now)], Learning: true)));
        var finding = Assert.Single(await grain.ObserveAsync(new AssetObservations([Read("plc-learn", 16, now)], Learning: false)));
        Assert.Equal(DetectionType.FunctionCodeOutsideBaseline, finding.Type);

        await grain.LearnAsync(finding);

        Assert.Empty(await grain.ObserveAsync(new AssetObservations([Read("plc-learn", 16, now)], Learning: false)));
        await Assert.ThrowsAsync<InvalidRequestException>(() => grain.LearnAsync(finding with { Learnable = null }));
    }

    [Fact]
    public async Task The_baseline_is_saved_lazily_and_survives_deactivation()
    {
        var grain = Asset("plc-saved");
        var now = ClusterFixture.Time.GetUtcNow();
        await grain.ObserveAsync(new AssetObservations([Read("plc-saved", 3, now), Read("plc-saved", 4, now)], Learning: true));

        Assert.Null((await grain.GetBaselineAsync()).SavedAt);
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();

        var view = await grain.GetBaselineAsync();
        Assert.NotNull(view.SavedAt);
        Assert.Equal(["fc3", "fc4"], view.Baseline.Operations.Select(o => o.Operation));
        Assert.True(view.Baseline.Learning);
    }

    [Fact]
    public async Task A_silent_link_is_found_by_the_timer_check_with_no_event_and_the_asset_goes_stale_until_heard()
    {
        var grain = Asset("plc-silent");
        var start = ClusterFixture.Time.GetUtcNow();
        var polls = Enumerable.Range(0, 60).Select(i => (TelemetryEvent)Read("plc-silent", 3, start.AddSeconds(i))).ToList();
        await grain.ObserveAsync(new AssetObservations(polls, Learning: true));
        Assert.Empty(await grain.ObserveAsync(new AssetObservations([Read("plc-silent", 3, start.AddSeconds(60))], Learning: false)));
        Assert.Equal(TimeSpan.FromSeconds(1), (await grain.GetBaselineAsync()).ExpectedPeriod);

        AdvanceTo(start.AddMinutes(3));
        var finding = Assert.Single(await grain.CheckBaselineAsync());

        Assert.Equal(DetectionType.LinkSilent, finding.Type);
        Assert.Equal(AssetId.Parse("plc-silent"), finding.Asset);
        var view = await grain.GetBaselineAsync();
        Assert.True(view.Baseline.Stale);
        Assert.NotNull(view.SavedAt);
        Assert.Empty(await grain.CheckBaselineAsync());

        Assert.Empty(await grain.ObserveAsync(new AssetObservations([Read("plc-silent", 3, start.AddMinutes(3))], Learning: false)));
        Assert.False((await grain.GetBaselineAsync()).Baseline.Stale);
    }

    [Fact]
    public async Task The_stored_row_of_a_plc_with_a_handful_of_peers_is_at_most_2_KiB()
    {
        var grain = fixture.Grains.GetGrain<IAssetGrain>(GrainKeys.Asset(BaselineEvents.Plant, BaselineEvents.Plc));
        await grain.ObserveAsync(new AssetObservations(BaselineBoundsTests.TypicalPlcEvents(), Learning: true));
        await grain.AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var view = await grain.GetBaselineAsync();

        var silo = Assert.IsType<InProcessSiloHandle>(fixture.Cluster.Primary).SiloHost.Services;
        var stored = silo.GetRequiredService<IGrainStorageSerializer>()
            .Serialize(new AssetBaselineState { Baseline = view.Baseline, SavedAt = view.SavedAt });

        Assert.True(stored.ToMemory().Length <= 2048, $"{stored.ToMemory().Length} bytes: {stored}");
        Assert.Equal(5, view.Baseline.Talkers.Count);
    }

    [Fact]
    public async Task A_firmware_change_is_checked_against_the_plants_maintenance_windows()
    {
        var plant = PlantId.Parse("berlin-baseline");
        var document = FleetDocumentReader.Read(TestFleets.TwoPlants).Document!;
        var berlin = document.Plants.Single(p => p.Id.Value == "berlin") with
        {
            Id = plant,
            MaintenanceWindows = [new MaintenanceWindowSpec("weekend", "Weekend maintenance", new TimeOnly(22, 0), new TimeOnly(6, 0), [DayOfWeek.Saturday])],
        };
        await fixture.Grains.GetGrain<IFleetGrain>(GrainKeys.Fleet).ApplyAsync(document with { Plants = [berlin], Identities = [] }, FleetDocuments.Options());
        var grain = fixture.Grains.GetGrain<IAssetGrain>(GrainKeys.Asset(plant, AssetId.Parse("plc-1")));
        AssetChangeEvent Firmware(string to, DateTimeOffset at) => new()
        {
            Id = $"sensor-1:{Interlocked.Increment(ref _sequence)}:0",
            Plant = plant,
            At = at,
            Sender = "sensor-1",
            Asset = AssetId.Parse("plc-1"),
            Change = AssetChangeKind.Firmware,
            To = to,
        };

        // Saturday 23:00 in Berlin (22:00 UTC): inside the window. Monday 11:00 in Berlin: outside.
        var inside = await grain.ObserveAsync(new AssetObservations([Firmware("V2", new DateTimeOffset(2026, 11, 28, 22, 0, 0, TimeSpan.Zero))], Learning: true));
        var outside = await grain.ObserveAsync(new AssetObservations([Firmware("V3", new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero))], Learning: true));

        Assert.Empty(inside);
        var finding = Assert.Single(outside);
        Assert.Equal(DetectionType.ChangeOutsideMaintenance, finding.Type);
        Assert.Equal("plc-1's firmware changed to V3 at 2026-11-30 10:00:00 UTC, outside every maintenance window of the plant.", finding.Summary);
        Assert.Equal(["V2", "V3"], (await grain.GetBaselineAsync()).Baseline.Versions.Select(v => v.Value));
    }

    private static void AdvanceTo(DateTimeOffset instant)
    {
        if (ClusterFixture.Time.GetUtcNow() < instant)
        {
            ClusterFixture.Time.SetUtcNow(instant);
        }
    }
}
