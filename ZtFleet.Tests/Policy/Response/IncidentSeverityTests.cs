using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Tests.Policy.Response;

/// <summary>The severity rule: the highest part, one step for several plants, one toward safety, critical the cap.</summary>
public sealed class IncidentSeverityTests
{
    public static readonly TheoryData<Severity[], int, bool, Severity> Table = new()
    {
        // parts                                     plants safety expected
        { [Severity.Low], 1, false, Severity.Low },
        { [Severity.Low, Severity.High, Severity.Medium], 1, false, Severity.High },
        { [Severity.Low], 2, false, Severity.Medium },
        { [Severity.Low], 1, true, Severity.Medium },
        { [Severity.Low], 3, true, Severity.High },
        { [Severity.Medium], 2, true, Severity.Critical },
        { [Severity.High], 2, true, Severity.Critical },       // the cap
        { [Severity.Critical], 1, false, Severity.Critical },
        { [Severity.Unspecified], 1, false, Severity.Critical }, // what cannot be rated is not taken lightly
        { [(Severity)42], 1, false, Severity.Critical },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Severity_is_the_highest_part_raised_by_spread_and_safety(Severity[] parts, int plants, bool safety, Severity expected)
    {
        var timeline = parts.Select((s, i) => new IncidentPart(IncidentPartKind.Detection, $"d-{i}", null, DateTimeOffset.UnixEpoch, s, "x"));

        Assert.Equal(expected, IncidentSeverity.Of(timeline, plants, safety));
    }

    [Fact]
    public void Notes_and_response_steps_do_not_raise_severity()
    {
        IncidentPart[] timeline =
        [
            new(IncidentPartKind.Detection, "d-1", null, DateTimeOffset.UnixEpoch, Severity.Low, "x"),
            new(IncidentPartKind.Note, "comment:1", null, DateTimeOffset.UnixEpoch, Severity.Critical, "x"),
            new(IncidentPartKind.Response, "step-1", null, DateTimeOffset.UnixEpoch, Severity.Critical, "x"),
        ];

        Assert.Equal(Severity.Low, IncidentSeverity.Of(timeline, 1, towardSafety: false));
    }
}
