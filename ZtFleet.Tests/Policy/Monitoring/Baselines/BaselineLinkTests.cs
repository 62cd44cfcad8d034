using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Baselines;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using static ZtFleet.Tests.Policy.Monitoring.Baselines.BaselineEvents;

namespace ZtFleet.Tests.Policy.Monitoring.Baselines;

/// <summary>Persistent links: the polling period, silence (which needs no event), a changed period, stale telemetry.</summary>
public sealed class BaselineLinkTests
{
    private static readonly BaselineSettings Settings = BaselineSettings.Default;
    private static readonly ObservedHost Hmi = Host("hmi-1", "10.1.1.20");

    /// <summary>The HMI reads three blocks back to back (10 ms apart) every <paramref name="period"/>, <paramref name="cycles"/> times.</summary>
    private static List<TelemetryEvent> Polls(DateTimeOffset from, TimeSpan period, int cycles) =>
        [.. Enumerable.Range(0, cycles).SelectMany(i => new TelemetryEvent[]
        {
            Modbus(Hmi, 3, from + (period * i), 0, 10),
            Modbus(Hmi, 3, from + (period * i) + TimeSpan.FromMilliseconds(10), 100, 10),
            Modbus(Hmi, 3, from + (period * i) + TimeSpan.FromMilliseconds(20), 200, 10),
        })];

    private static BaselineResult Observe(Baseline baseline, IEnumerable<TelemetryEvent> events, bool learning, DateTimeOffset now) =>
        Baseline.Observe(baseline, events, learning, Settings, [], now);

    private static Baseline LearnedPolling(out DateTimeOffset end)
    {
        var events = Polls(T0, TimeSpan.FromSeconds(1), 60);
        end = events[^1].At;
        return Observe(new Baseline(Plant, Plc), events, learning: true, end).Baseline;
    }

    [Fact]
    public void A_regular_poll_of_several_blocks_is_one_persistent_link_with_its_period()
    {
        var baseline = LearnedPolling(out _);

        var polled = Assert.Single(baseline.Links);
        var link = polled.Poll!;
        Assert.Equal(("hmi-1", "fc3"), (polled.Source, polled.Operation));
        Assert.InRange(link.PeriodMs, 990, 1010);
        Assert.True(link.IsPersistent(Settings));
        Assert.Equal(TimeSpan.FromMilliseconds(link.PeriodMs), baseline.ExpectedPeriod(Settings));
        Assert.Equal([new AddressRange(0, 9), new AddressRange(100, 109), new AddressRange(200, 209)], baseline.Operations.Single().Ranges);
    }

    [Fact]
    public void A_few_irregular_operations_are_not_a_persistent_link()
    {
        var events = new[] { 0, 7, 9, 60, 61 }.Select(s => (TelemetryEvent)Modbus(Hmi, 3, T0.AddSeconds(s))).ToList();

        var baseline = Observe(new Baseline(Plant, Plc), events, learning: true, T0.AddMinutes(1)).Baseline;

        Assert.False(Assert.Single(baseline.Links).Poll!.IsPersistent(Settings));
        Assert.Null(baseline.ExpectedPeriod(Settings));
    }

    [Fact]
    public void A_silent_persistent_link_is_reported_once_by_the_check_and_heard_again_it_is_fresh()
    {
        var baseline = LearnedPolling(out var end);
        baseline = Observe(baseline, [], learning: false, end).Baseline;

        // 1 s period: silent after 10 periods, but never before 30 s.
        var early = Baseline.Check(baseline, Settings, end.AddSeconds(29));
        Assert.Empty(early.Findings);
        Assert.False(early.Baseline.Stale);

        var late = Baseline.Check(early.Baseline, Settings, end.AddSeconds(31));
        var finding = Assert.Single(late.Findings);
        Assert.Equal((DetectionType.LinkSilent, Severity.Medium, "T0815"), (finding.Type, finding.Severity, finding.Technique!.Id));
        Assert.Equal("link-silent:hmi-1>plc-1:1:fc3", finding.Key);
        Assert.Equal($"hmi-1's fc3 polling of unit 1 of plc-1, every 1 s, has been silent since {end:yyyy-MM-dd HH:mm:ss} UTC.", finding.Summary);
        Assert.Empty(finding.Evidence);
        Assert.Equal(end.AddSeconds(30), finding.At);
        Assert.Equal("learn:silence source:hmi-1 protocol:modbus-tcp unit:1 op:fc3", finding.Learnable);
        Assert.True(late.Baseline.Stale);
        Assert.True(late.Baseline.Links.Single().Poll!.Silent);

        Assert.Empty(Baseline.Check(late.Baseline, Settings, end.AddMinutes(5)).Findings);

        var heard = Observe(late.Baseline, [Modbus(Hmi, 3, end.AddMinutes(6))], learning: false, end.AddMinutes(6));
        Assert.Empty(heard.Findings);
        Assert.False(heard.Baseline.Stale);
        Assert.False(heard.Baseline.Links.Single().Poll!.Silent);
        Assert.InRange(heard.Baseline.Links.Single().Poll!.PeriodMs, 990, 1010);
    }

    [Fact]
    public void Silence_while_learning_is_noted_but_not_reported()
    {
        var baseline = LearnedPolling(out var end);

        var result = Baseline.Check(baseline, Settings, end.AddMinutes(2));

        Assert.Empty(result.Findings);
        Assert.True(result.Baseline.Links.Single().Poll!.Silent);
        Assert.True(result.Baseline.Stale);
    }

    [Fact]
    public void A_changed_polling_period_is_reported_after_a_streak_not_for_one_late_poll()
    {
        var baseline = LearnedPolling(out var end);

        // One poll 3 s late, then back to 1 s: no change.
        var hiccup = Polls(end.AddSeconds(4), TimeSpan.FromSeconds(1), 5);
        var steady = Observe(baseline, hiccup, learning: false, hiccup[^1].At);
        Assert.Empty(steady.Findings);

        // Every 5 s from now on.
        var slower = Polls(hiccup[^1].At.AddSeconds(5), TimeSpan.FromSeconds(5), 6);
        var changed = Observe(steady.Baseline, slower, learning: false, slower[^1].At);

        var finding = Assert.Single(changed.Findings);
        Assert.Equal((DetectionType.PollingPeriodChanged, Severity.Low), (finding.Type, finding.Severity));
        Assert.Equal("hmi-1 now polls unit 1 of plc-1 with fc3 every 5 s instead of every 1 s.", finding.Summary);
        Assert.Equal("learn:period source:hmi-1 protocol:modbus-tcp unit:1 op:fc3", finding.Learnable);

        // Reported once; learning it makes 5 s the period.
        var more = Polls(slower[^1].At.AddSeconds(5), TimeSpan.FromSeconds(5), 3);
        var after = Observe(changed.Baseline, more, learning: false, more[^1].At);
        Assert.Empty(after.Findings);
        var learned = Baseline.Learn(after.Baseline, finding, Settings, more[^1].At)!;
        Assert.InRange(learned.Links.Single().Poll!.PeriodMs, 4990, 5010);
        Assert.False(learned.Links.Single().Poll!.PeriodChanged);
    }

    [Fact]
    public void Learning_a_silence_forgets_the_link_and_the_asset_is_no_longer_expected()
    {
        var baseline = LearnedPolling(out var end);
        baseline = Observe(baseline, [], learning: false, end).Baseline;
        var silent = Baseline.Check(baseline, Settings, end.AddMinutes(1));

        var learned = Baseline.Learn(silent.Baseline, silent.Findings.Single(), Settings, end.AddMinutes(2))!;

        Assert.Empty(learned.Links);
        Assert.False(learned.Stale);
        Assert.Null(learned.ExpectedPeriod(Settings));
    }
}
