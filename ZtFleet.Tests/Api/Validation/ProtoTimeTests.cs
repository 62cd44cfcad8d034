using Google.Protobuf.WellKnownTypes;
using ZtFleet.Api.Validation;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Api.Validation;

public sealed class ProtoTimeTests
{
    [Theory]
    [InlineData(0L, -5, "has nanos -5; they must be 0 to 999999999")]
    [InlineData(0L, 2_000_000_000, "has nanos 2000000000; they must be 0 to 999999999")]
    [InlineData(-62_135_596_801L, 0, "has seconds -62135596801;")]
    [InlineData(253_402_300_800L, 0, "has seconds 253402300800;")]
    [InlineData(long.MaxValue, 0, "has seconds 9223372036854775807;")]
    public void A_malformed_timestamp_is_a_violation_of_its_field(long seconds, int nanos, string problem)
    {
        var violations = new List<Violation>();

        var at = ProtoTime.Read(new Timestamp { Seconds = seconds, Nanos = nanos }, "not_before", violations);

        Assert.Null(at);
        var violation = Assert.Single(violations);
        Assert.Equal("not_before", violation.Field);
        Assert.StartsWith(problem, violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProtoTime.MinSeconds, 0)]
    [InlineData(ProtoTime.MaxSeconds, ProtoTime.MaxNanos)]
    [InlineData(-1L, 500_000_000)]
    public void The_edges_of_the_range_are_well_formed(long seconds, int nanos)
    {
        var violations = new List<Violation>();

        var at = ProtoTime.Read(new Timestamp { Seconds = seconds, Nanos = nanos }, "not_after", violations);

        Assert.Empty(violations);
        Assert.Equal(new Timestamp { Seconds = seconds, Nanos = nanos }.ToDateTimeOffset(), at);
    }

    [Fact]
    public void A_missing_timestamp_is_a_violation_only_when_required()
    {
        var violations = new List<Violation>();

        Assert.Null(ProtoTime.Read(null, "not_after", violations, required: false));
        Assert.Empty(violations);
        Assert.Null(ProtoTime.Read(null, "not_after", violations));
        Assert.Equal(new Violation("not_after", "is required"), Assert.Single(violations));
    }
}
