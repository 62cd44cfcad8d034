using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Tests.Policy.Monitoring.Trust;

/// <summary>A role's minTrust crossed by the score is published with the hysteresis of tiers.</summary>
public sealed class TrustThresholdsTests
{
    private static readonly DateTimeOffset T0 = new(2031, 3, 14, 6, 0, 0, TimeSpan.Zero);
    private static readonly int[] MinTrusts = [70];

    // published, score, pending for (min; null none), expected publish
    public static readonly TheoryData<int, int, int?, bool> Cases = new()
    {
        { 100, 90, null, false },  // no threshold crossed
        { 100, 64, null, true },   // more than the margin below 70: at once
        { 100, 67, null, false },  // below by less than the margin: waits
        { 100, 67, 4, false },
        { 100, 67, 5, true },      // ... for degradeAfterMinutes
        { 60, 72, 60, false },     // above, but not by the margin
        { 60, 75, 29, false },     // the margin above, waiting for recoverAfterMinutes
        { 60, 75, 30, true },
        { 75, 71, null, false },   // both at or above: nothing to publish
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Crossings_follow_the_hysteresis(int published, int score, int? pendingMinutes, bool expected)
    {
        DateTimeOffset? since = pendingMinutes is { } m ? T0.AddMinutes(-m) : null;

        var (publish, pending) = TrustThresholds.Observe(published, score, since, MinTrusts, TrustSettings.Default, T0);

        Assert.Equal(expected, publish);
        if (publish)
        {
            Assert.Null(pending);
        }
    }

    [Fact]
    public void Thresholds_outside_1_to_100_are_ignored()
    {
        Assert.False(TrustThresholds.Observe(100, 0, null, [0, -5, 101], TrustSettings.Default, T0).Publish);
    }
}
