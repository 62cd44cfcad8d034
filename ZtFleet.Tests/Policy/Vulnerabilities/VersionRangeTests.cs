using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Tests.Policy.Vulnerabilities;

/// <summary>Firmware versions as vendors spell them, and ranges in vers and in the vendors' words.</summary>
public sealed class VersionRangeTests
{
    public static readonly TheoryData<string, string, int> Ordering = new()
    {
        { "V2.9.4", "V3.1", -1 },
        { "V3.1", "3.1.0", 0 },
        { "SV3.10", "SV3.9", 1 },
        { "SV4.10", "V4.1", 1 },
        { "V7.5 SP2 Update 12", "V7.5 SP2 Update 9", 1 },
        { "V7.5 SP1", "V7.5", 1 },
        { "V7.5 SP2", "V7.5 SP1 Update 20", 1 },
        { "2210 Update 4", "2210", 1 },
        { "1.0.0-rc1", "1.0.0", -1 },
        { "V01.26.24", "1.26.24", 0 },
        { "FortiOS 7.0.11", "7.0.9", 1 },
    };

    public static readonly TheoryData<string, string?, bool?> Ranges = new()
    {
        // vers (https://github.com/package-url/purl-spec, VERSION-RANGE-SPEC)
        { "vers:intdot/<3.1.0", "V2.9.4", true },
        { "vers:intdot/<3.1.0", "V3.1", false },
        { "vers:intdot/<3.1.0", "V3.1.2", false },
        { "vers:generic/>=3.0|<3.40", "SV3.30", true },
        { "vers:generic/>=3.0|<3.40", "SV3.40", false },
        { "vers:generic/>=3.0|<3.40", "SV2.70", false },
        { "vers:generic/<2.0|>=3.0|<3.5", "1.9", true },
        { "vers:generic/<2.0|>=3.0|<3.5", "2.5", false },
        { "vers:generic/<2.0|>=3.0|<3.5", "3.2", true },
        { "vers:generic/>=5.0", "7.1", true },
        { "vers:generic/1.2.3|1.2.5", "1.2.5", true },
        { "vers:generic/1.2.3|1.2.5", "1.2.4", false },
        { "vers:generic/!=1.2.4", "1.2.4", false },
        { "vers:all/*", null, true },
        // the vendors' words
        { "All versions < V4.5", "V4.4.1", true },
        { "All versions < V4.5", "V4.5", false },
        { "All versions >= V2.0 < V2.9", "V2.8.3", true },
        { "All versions >= V2.0 < V2.9", "V1.9", false },
        { "Versions prior to SV4.10", "SV3.10", true },
        { "Versions prior to SV4.10", "SV4.20", false },
        { "V2.0 and later", "V2.1", true },
        { "V2.0 and later", "V1.9", false },
        { "up to V7.5 SP2 Update 12", "V7.5 SP2 Update 12", true },
        { "up to V7.5 SP2 Update 12", "V7.5 SP2 Update 13", false },
        { "All versions", "anything", true },
        // what cannot be told
        { "vers:intdot/<3.1.0", null, null },
        { "vers:intdot/<3.1.0", "unknown", null },
        { "the affected releases", "V1.0", null },
    };

    [Theory]
    [MemberData(nameof(Ordering))]
    public void Versions_compare_as_numbers_with_service_packs_updates_and_pre_releases(string left, string right, int expected)
    {
        Assert.True(FirmwareVersion.TryParse(left, out var a));
        Assert.True(FirmwareVersion.TryParse(right, out var b));

        Assert.Equal(expected, Math.Sign(a.CompareTo(b)));
        Assert.Equal(-expected, Math.Sign(b.CompareTo(a)));
    }

    [Theory]
    [MemberData(nameof(Ranges))]
    public void A_range_contains_a_firmware_or_says_it_cannot_tell(string range, string? firmware, bool? expected) =>
        Assert.Equal(expected, VersionRange.Parse(range).Contains(firmware));

    [Fact]
    public void A_text_without_a_digit_is_no_version_and_an_unreadable_range_says_so()
    {
        Assert.False(FirmwareVersion.TryParse("latest", out _));
        Assert.Equal(VersionRangeKind.Unreadable, VersionRange.Parse("the affected releases").Kind);
        Assert.Equal(VersionRangeKind.All, VersionRange.Parse("vers:all/*").Kind);
        Assert.True(VersionRange.Exactly("V4.5").Contains("4.5.0"));
    }
}
