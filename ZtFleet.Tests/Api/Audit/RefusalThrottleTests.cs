using ZtFleet.Api.Audit;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Api.Audit;

/// <summary>The counting rules that bound refusal audit writes, without the API.</summary>
public sealed class RefusalThrottleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly RefusalKey Anonymous = new("unauthenticated 10.0.0.7", "/ztfleet.v1.FleetService/ListPlants", "Unauthenticated");
    private static readonly IReadOnlyList<Violation> NoViolations = [];

    private static RefusalThrottle Throttle(int perKey = 5, int perWindow = 600, int maxKeys = 10_000) => new(new RefusalAuditOptions
    {
        Window = TimeSpan.FromMinutes(1),
        PerKey = perKey,
        PerWindow = perWindow,
        MaxKeys = maxKeys,
    });

    [Fact]
    public void The_first_refusals_of_a_window_are_audited_one_by_one_and_the_rest_summarised_once_when_it_closes()
    {
        var throttle = Throttle();
        var individually = 0;
        for (var i = 0; i < 200; i++)
        {
            var observation = throttle.Observe(Anonymous, Start.AddMilliseconds(100 * i), $"refusal {i}", [new Violation("field", $"bad {i}")]);
            Assert.Null(observation.Closed);
            individually += observation.Individually ? 1 : 0;
        }

        Assert.Equal(5, individually);
        Assert.Empty(throttle.Flush(Start.AddSeconds(59)));

        var summary = Assert.Single(throttle.Flush(Start.AddMinutes(1)));
        Assert.Equal(Anonymous, summary.Key);
        Assert.Equal(195, summary.Count);
        Assert.Equal(5, summary.Individually);
        Assert.Equal(Start.AddMilliseconds(500), summary.First);
        Assert.Equal(Start.AddMilliseconds(19_900), summary.Last);
        Assert.Equal("refusal 199", summary.LastMessage);
        Assert.Equal("bad 199", Assert.Single(summary.LastViolations).Description);
        Assert.StartsWith("refused 195 more times between 2026-12-01T08:00:00.5", summary.Message, StringComparison.Ordinal);
        Assert.Equal(0, throttle.TrackedKeys);
        Assert.Empty(throttle.Flush(Start.AddMinutes(5)));
    }

    [Fact]
    public void A_window_that_counted_nothing_closes_without_a_summary()
    {
        var throttle = Throttle();
        for (var i = 0; i < 5; i++)
        {
            Assert.True(throttle.Observe(Anonymous, Start, "refused", NoViolations).Individually);
        }

        Assert.Empty(throttle.Flush(Start.AddMinutes(1)));
        Assert.Equal(0, throttle.TrackedKeys);
    }

    [Fact]
    public void The_first_refusal_after_a_window_closed_returns_its_summary_and_starts_a_new_window()
    {
        var throttle = Throttle(perKey: 1);
        Assert.True(throttle.Observe(Anonymous, Start, "refused", NoViolations).Individually);
        Assert.False(throttle.Observe(Anonymous, Start.AddSeconds(1), "refused", NoViolations).Individually);
        Assert.False(throttle.Observe(Anonymous, Start.AddSeconds(2), "refused", NoViolations).Individually);

        var next = throttle.Observe(Anonymous, Start.AddSeconds(61), "refused", NoViolations);

        Assert.True(next.Individually);
        Assert.Equal(2, next.Closed!.Count);
        Assert.Equal(Start.AddSeconds(2), next.Closed.Last);
        Assert.Empty(throttle.Flush(Start.AddSeconds(120)));
    }

    [Fact]
    public void Keys_that_differ_in_caller_method_or_status_are_counted_separately()
    {
        var throttle = Throttle(perKey: 2);
        RefusalKey[] keys =
        [
            Anonymous,
            Anonymous with { Who = "unauthenticated 10.0.0.8" },
            Anonymous with { Method = "/ztfleet.v1.FleetService/ListAssets" },
            Anonymous with { Status = "InvalidArgument" },
        ];
        foreach (var key in keys)
        {
            Assert.Equal([true, true, false, false, false], Enumerable.Range(0, 5).Select(_ => throttle.Observe(key, Start, "refused", NoViolations).Individually));
        }

        var summaries = throttle.Flush(Start.AddMinutes(1));
        Assert.Equal(keys.ToHashSet(), summaries.Select(s => s.Key).ToHashSet());
        Assert.All(summaries, s => Assert.Equal(3, s.Count));
    }

    [Fact]
    public void Beyond_the_global_cap_refusals_of_new_keys_are_only_counted()
    {
        var throttle = Throttle(perKey: 5, perWindow: 10);
        var individually = Enumerable.Range(0, 30)
            .Count(i => throttle.Observe(Anonymous with { Who = $"unauthenticated 10.0.1.{i}" }, Start, "refused", NoViolations).Individually);

        Assert.Equal(10, individually);
        var summaries = throttle.Flush(Start.AddMinutes(1));
        Assert.Equal(20, summaries.Count);
        Assert.All(summaries, s => Assert.Equal((1, 0), (s.Count, s.Individually)));
        Assert.StartsWith("refused 1 time between", summaries[0].Message, StringComparison.Ordinal);

        // The global window closed with the minute: individual records again.
        Assert.True(throttle.Observe(Anonymous, Start.AddMinutes(1), "refused", NoViolations).Individually);
    }

    [Fact]
    public void Beyond_the_key_limit_refusals_are_counted_under_one_overflow_key()
    {
        var throttle = Throttle(maxKeys: 3);
        for (var i = 0; i < 10; i++)
        {
            var observation = throttle.Observe(Anonymous with { Who = $"unauthenticated 10.0.2.{i}" }, Start, "refused", NoViolations);
            Assert.Equal(i < 3, observation.Individually);
        }

        Assert.Equal(4, throttle.TrackedKeys);
        var overflow = Assert.Single(throttle.Flush(Start.AddMinutes(1)));
        Assert.Equal(RefusalKey.Overflow, overflow.Key);
        Assert.Equal(7, overflow.Count);
        Assert.Equal(0, throttle.TrackedKeys);

        // Idle keys were forgotten: a new caller is tracked (and audited) again.
        Assert.True(throttle.Observe(Anonymous, Start.AddMinutes(2), "refused", NoViolations).Individually);
    }

    [Fact]
    public void At_shutdown_every_open_window_is_summarised()
    {
        var throttle = Throttle(perKey: 1);
        throttle.Observe(Anonymous, Start, "refused", NoViolations);
        throttle.Observe(Anonymous, Start.AddSeconds(1), "refused", NoViolations);
        throttle.Observe(Anonymous with { Method = "/other" }, Start, "refused", NoViolations);

        var summary = Assert.Single(throttle.FlushAll());

        Assert.Equal((Anonymous, 1L), (summary.Key, summary.Count));
        Assert.Equal(0, throttle.TrackedKeys);
    }
}
