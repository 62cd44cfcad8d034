using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring.Baselines;
using ZtFleet.Policy.Monitoring.Telemetry;
using static ZtFleet.Tests.Policy.Monitoring.Baselines.BaselineEvents;

namespace ZtFleet.Tests.Policy.Monitoring.Baselines;

/// <summary>A baseline stays small: caps with eviction of the least recently seen, merged ranges, compact JSON.</summary>
public sealed class BaselineBoundsTests
{
    /// <summary>
    /// A PLC with a handful of peers after a day of learning: an HMI polling three blocks and writing setpoints, a
    /// SCADA server, a historian, an engineering workstation that programs it over UMAS and SSH, firmware and program
    /// versions.
    /// </summary>
    public static Baseline TypicalPlc() =>
        Baseline.Observe(new Baseline(Plant, Plc), TypicalPlcEvents(), learning: true, BaselineSettings.Default, [], T0.AddMinutes(12)).Baseline;

    /// <summary>The events of <see cref="TypicalPlc"/>, from <see cref="BaselineEvents.T0"/> to 12 minutes later.</summary>
    public static List<TelemetryEvent> TypicalPlcEvents()
    {
        var hmi = Host("hmi-line-2", "10.1.1.20");
        var scada = Host("scada-1", "10.1.1.21");
        var historian = Host("historian-1", "10.1.3.5");
        var engineering = Host("eng-ws-1", "10.1.2.30");
        var events = new List<TelemetryEvent>();
        for (var i = 0; i < 200; i++)
        {
            var at = T0.AddSeconds(i);
            events.Add(Modbus(hmi, 3, at, 0, 20));
            events.Add(Modbus(hmi, 3, at.AddMilliseconds(15), 100, 20));
            events.Add(Modbus(hmi, 3, at.AddMilliseconds(30), 400, 8));
            events.Add(Modbus(scada, 4, at.AddMilliseconds(200), 0, 64));
            if (i % 5 == 0)
            {
                events.Add(Modbus(historian, 3, at.AddMilliseconds(500), 0, 125));
            }

            if (i % 50 == 0)
            {
                events.Add(Modbus(hmi, 6, at.AddMilliseconds(700), 1000 + (i / 50), 1));
                events.Add(Modbus(hmi, 16, at.AddMilliseconds(800), 1010, 4));
            }
        }

        events.Add(Modbus(engineering, 90, T0.AddMinutes(10), 0, 1));
        events.Add(Modbus(engineering, 3, T0.AddMinutes(10), 0, 125));
        events.Add(Flow(engineering, 22, "ssh", T0.AddMinutes(10)));
        events.Add(Change(AssetChangeKind.Firmware, "V2.6.0", "V2.6.1", T0.AddMinutes(11), engineering));
        events.Add(Change(AssetChangeKind.Program, "crc:0x1a2b3c4d", "crc:0x5e6f7a8b", T0.AddMinutes(12), engineering));
        return events;
    }

    [Fact]
    public void A_plc_with_a_handful_of_peers_stores_in_at_most_2_KiB_and_reads_back_the_same()
    {
        var baseline = TypicalPlc();

        var json = JsonSerializer.Serialize(baseline, PlantDeltaJson.Options);
        var size = System.Text.Encoding.UTF8.GetByteCount(json);

        Assert.True(size <= 2048, $"{size} bytes: {json}");
        Assert.Equal(3, baseline.Links.Count(l => l.Poll!.IsPersistent(BaselineSettings.Default)));
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<Baseline>(json, PlantDeltaJson.Options), PlantDeltaJson.Options));
    }

    [Fact]
    public void Beyond_the_caps_the_least_recently_seen_entries_are_evicted_and_counted()
    {
        var settings = BaselineSettings.Default with { MaxTalkers = 3, MaxOperations = 2 };
        var events = Enumerable.Range(1, 5)
            .Select(i => (TelemetryEvent)Modbus(Host($"hmi-{i}", $"10.1.1.{i}"), 3, T0.AddSeconds(i)))
            .ToList();

        var baseline = Baseline.Observe(new Baseline(Plant, Plc), events, learning: true, settings, [], T0.AddMinutes(1)).Baseline;

        Assert.Equal(["hmi-3", "hmi-4", "hmi-5"], baseline.Talkers.Select(t => t.Source));
        Assert.Equal(["hmi-4", "hmi-5"], baseline.Operations.Select(o => o.Source));
        Assert.Equal(2 + 3, baseline.Evictions);
    }

    public static TheoryData<long[], long[]> Ranges => new()
    {
        { [0, 9, 10, 19], [0, 19] },                                        // adjacent ranges join
        { [0, 9, 5, 14], [0, 14] },                                         // overlapping ones too
        { [0, 9, 20, 29], [0, 9, 20, 29] },                                 // a gap stays
        { [0, 0, 10, 10, 20, 20, 30, 30, 32, 32], [0, 0, 10, 10, 20, 20, 30, 32] }, // a fifth range: the two closest merge
    };

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Address_ranges_are_merged_and_bounded(long[] added, long[] expected)
    {
        IReadOnlyList<AddressRange> ranges = [];
        for (var i = 0; i < added.Length; i += 2)
        {
            ranges = BaselineWork.Merge(ranges, new AddressRange(added[i], added[i + 1]), BaselineSettings.Default.MaxRangesPerOperation);
        }

        Assert.Equal(expected.Chunk(2).Select(p => new AddressRange(p[0], p[1])), ranges);
    }
}
