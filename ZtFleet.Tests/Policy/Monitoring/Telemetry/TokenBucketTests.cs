using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Tests.Policy.Monitoring.Telemetry;

/// <summary>The per-sender bucket: a burst passes at once, more waits in proportion, nothing is ever refused.</summary>
public sealed class TokenBucketTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_burst_passes_at_once_and_more_waits_for_the_rate()
    {
        var bucket = new TokenBucket(1000, 2000, Start);

        Assert.Equal(TimeSpan.Zero, bucket.Take(2000, Start));
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Take(1000, Start));
        Assert.Equal(TimeSpan.FromSeconds(3), bucket.Take(2000, Start));
    }

    [Fact]
    public void Waiting_repays_the_debt_and_the_bucket_refills_to_its_burst_only()
    {
        var bucket = new TokenBucket(1000, 2000, Start);
        bucket.Take(3000, Start);

        Assert.Equal(TimeSpan.Zero, bucket.Take(0, Start + TimeSpan.FromSeconds(1)));
        Assert.Equal(TimeSpan.Zero, bucket.Take(2000, Start + TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(0.5), bucket.Take(500, Start + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void A_batch_larger_than_the_burst_is_slowed_not_refused()
    {
        var bucket = new TokenBucket(100, 50, Start);

        Assert.Equal(TimeSpan.FromSeconds(49.5), bucket.Take(5000, Start));
    }
}
