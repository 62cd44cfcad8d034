using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Tests.Policy.Monitoring.Detections;

/// <summary>How findings become detections and add to them; spellings and ids.</summary>
public sealed class DetectionRecordingTests
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_finding_of_the_same_key_adds_count_last_seen_evidence_and_the_higher_severity()
    {
        var opened = DetectionRecording.Open("berlin-1", Finding(Severity.Medium, T0, "a", "b"), 1);
        var absorbed = DetectionRecording.Absorb(opened, Finding(Severity.High, T0.AddMinutes(5), "b", "c"), 2);

        Assert.Equal((2L, T0, T0.AddMinutes(5), Severity.High, 2L), (absorbed.Count, absorbed.FirstSeen, absorbed.LastSeen, absorbed.Finding.Severity, absorbed.Revision));
        Assert.Equal(["a", "b", "c"], absorbed.Finding.Evidence);
        Assert.Equal(DetectionStatus.Open, absorbed.Status);
    }

    [Fact]
    public void A_finding_of_another_key_is_refused()
    {
        var opened = DetectionRecording.Open("berlin-1", Finding(Severity.Medium, T0, "a"), 1);

        Assert.Throws<ArgumentException>(() => DetectionRecording.Absorb(opened, Finding(Severity.Medium, T0, "a") with { Key = "other" }, 2));
    }

    [Theory]
    [InlineData(DetectionType.FunctionCodeOutsideBaseline, "function-code-outside-baseline")]
    [InlineData(DetectionType.MfaFailureBurst, "mfa-failure-burst")]
    [InlineData(DetectionType.Scanning, "scanning")]
    public void Types_are_spelt_in_kebab_case_both_ways(DetectionType type, string name)
    {
        Assert.Equal(name, DetectionSpelling.Of(type));
        Assert.True(DetectionSpelling.TryParse<DetectionType>(name, out var parsed));
        Assert.Equal(type, parsed);
        Assert.False(DetectionSpelling.TryParse<DetectionType>("unspecified", out _));
    }

    [Theory]
    [InlineData("berlin-17", "berlin", 17L)]
    [InlineData("berlin-north-3", "berlin-north", 3L)]
    [InlineData("berlin", null, null)]
    [InlineData("berlin-0", null, null)]
    [InlineData("-5", null, null)]
    [InlineData("berlin-x", null, null)]
    public void Detection_ids_name_their_plant_and_sequence(string id, string? plant, long? sequence)
    {
        Assert.Equal(plant, DetectionQuery.PlantOf(id)?.Value);
        Assert.Equal(sequence, plant is null ? null : DetectionQuery.SequenceOf(id));
    }

    private static Finding Finding(Severity severity, DateTimeOffset at, params string[] evidence) =>
        new(DetectionType.Scanning, severity, Berlin, "scanning:ews-1", "ews-1 reached 32 destinations.", at, evidence);
}
