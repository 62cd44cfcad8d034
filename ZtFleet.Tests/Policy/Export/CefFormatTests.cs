using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>CEF lines, read back as a receiver splits them.</summary>
public sealed class CefFormatTests
{
    private static readonly CefFormat Format = new(ExportFormatOptions.Default with { ProductVersion = "1.4.2" });

    public static TheoryData<string> Variants() => [.. ExportSamples.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_is_one_CEF_line_with_the_header_and_the_time(string variant)
    {
        var record = ExportSamples.All().Single(s => s.Name == variant).Record with { Position = 7 };

        var (header, extensions) = CefReader.Parse(Format.Format(record));

        Assert.Equal(["CEF:0", "ZtFleet", "ZtFleet", "1.4.2"], header.Take(4));
        Assert.InRange(int.Parse(header[6], System.Globalization.CultureInfo.InvariantCulture), 0, 10);
        Assert.Equal(record.At.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), extensions["rt"]);
        Assert.Equal("7", extensions["cn1"]);
        Assert.Equal("outboxPosition", extensions["cn1Label"]);
        if (record.Plant is not null)
        {
            Assert.Equal(("plant", record.Plant), (extensions["cs1Label"], extensions["cs1"]));
        }
    }

    [Theory]
    [InlineData("detection-open", "detection:function-code-outside-baseline", 8)]
    [InlineData("incident-open", "incident", 10)]
    [InlineData("decision-deny", "decision:deny", 3)]
    [InlineData("decision-break-glass", "decision:allow", 8)]
    [InlineData("flow-dropped", "flow:dropped", 3)]
    [InlineData("authentication-lockout", "authentication:lockout", 5)]
    [InlineData("authentication-mfa-assert", "authentication:success", 1)]
    [InlineData("um-lock", "identity.lock", 5)]
    [InlineData("rem-quarantine-in-force", "quarantine.approve", 5)]
    [InlineData("audit-refused", "/ztfleet.v1.FleetService/ApplyFleet", 3)]
    public void Signature_and_severity_follow_the_kind(string variant, string signature, int severity)
    {
        var (header, _) = CefReader.Parse(Format.Format(ExportSamples.All().Single(s => s.Name == variant).Record));

        Assert.Equal((signature, severity.ToString(System.Globalization.CultureInfo.InvariantCulture)), (header[4], header[6]));
    }

    [Fact]
    public void A_flow_uses_the_standard_network_keys()
    {
        var (_, x) = CefReader.Parse(Format.Format(ExportSamples.All().Single(s => s.Name == "flow-dropped").Record));

        Assert.Equal(("10.0.9.9", "40000", "10.0.2.10", "502", "TCP", "drop", "failure"), (x["src"], x["spt"], x["dst"], x["dpt"], x["proto"], x["act"], x["outcome"]));
        Assert.Equal(("plc-1", "modbus-tcp", "default-deny", "cell-1"), (x["dhost"], x["app"], x["cs4"], x["cs2"]));
    }

    [Fact]
    public void A_detection_names_its_technique_and_function_code()
    {
        var (_, x) = CefReader.Parse(Format.Format(ExportSamples.All().Single(s => s.Name == "detection-open").Record));

        Assert.Equal(("attackForIcsTechnique", "T0855 Unauthorized Command Message"), (x["cs5Label"], x["cs5"]));
        Assert.Equal(("modbusFunctionCode", "90"), (x["cn2Label"], x["cn2"]));
        Assert.Equal(("10.0.1.5", "eng-ws-1", "plc-1", "vendor-anna"), (x["src"], x["shost"], x["dhost"], x["duser"]));
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a=b", "a=b")]
    [InlineData("line\nbreak\r\nend", "line break  end")]
    public void Header_fields_escape_pipe_and_backslash(string value, string escaped) =>
        Assert.Equal(escaped, CefFormat.EscapeHeader(value));

    [Theory]
    [InlineData("a=b", "a\\=b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a|b", "a|b")]
    [InlineData("one\ntwo", "one\\ntwo")]
    [InlineData("one\r\ntwo", "one\\ntwo")]
    [InlineData("one\rtwo", "one\\rtwo")]
    public void Extension_values_escape_equals_backslash_and_line_breaks(string value, string escaped) =>
        Assert.Equal(escaped, CefFormat.EscapeExtension(value));

    [Fact]
    public void Awkward_text_round_trips_through_a_receiver()
    {
        var summary = "x=1 | y\\2 cs1=fake\nsecond line 工厂 😀";
        var record = ExportRecords.From(ExportSamples.Detection(summary: summary));

        var (header, x) = CefReader.Parse(Format.Format(record));

        Assert.Contains(summary, x["msg"], StringComparison.Ordinal);
        Assert.Equal("berlin", x["cs1"]);
        Assert.Contains("x=1 | y\\2 cs1=fake second line 工厂 😀", header[5], StringComparison.Ordinal);
    }

    [Fact]
    public void Long_values_are_cut_to_CEF_lengths_without_splitting_a_character()
    {
        var summary = new string('a', 1000) + "😀" + new string('b', 5000);
        var record = ExportRecords.From(ExportSamples.Detection(summary: summary));

        var (header, x) = CefReader.Parse(Format.Format(record));

        Assert.True(header[5].Length <= 512);
        Assert.True(x["msg"].Length <= 1023);
        Assert.False(char.IsHighSurrogate(x["msg"][^1]));
        Assert.Equal("ab", CefFormat.Cut("ab😀c", 3));
        Assert.Equal("ab😀", CefFormat.Cut("ab😀c", 4));
    }

    [Theory]
    [InlineData(Severity.Unspecified, 1)]
    [InlineData(Severity.Low, 3)]
    [InlineData(Severity.Medium, 5)]
    [InlineData(Severity.High, 8)]
    [InlineData(Severity.Critical, 10)]
    public void Severity_maps_to_0_to_10(Severity severity, int expected) => Assert.Equal(expected, CefFormat.CefSeverity(severity));
}
