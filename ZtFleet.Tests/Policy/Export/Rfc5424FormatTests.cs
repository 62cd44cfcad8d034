using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>RFC 5424 messages, read back by a strict reader of the RFC's ABNF.</summary>
public sealed class Rfc5424FormatTests
{
    private static readonly ExportFormatOptions Options = ExportFormatOptions.Default with { Hostname = "ztfleet-api-1.example.org" };

    public static TheoryData<string> Variants() => [.. ExportSamples.All().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Variants))]
    public void Every_variant_is_a_valid_RFC_5424_message_carrying_OCSF(string variant)
    {
        var record = ExportSamples.All().Single(s => s.Name == variant).Record with { Position = 99 };

        var message = Rfc5424Grammar.Parse(new Rfc5424Format(Options).Format(record));

        Assert.Equal((1, "ztfleet-api-1.example.org", "ztfleet", "-"), (message.Version, message.Hostname, message.AppName, message.ProcId));
        Assert.Equal(record.At, message.Timestamp);
        var element = Assert.Single(message.StructuredData);
        Assert.Equal("ztfleet@32473", element.Id);
        Assert.Matches(new Regex("^[^@]+@[0-9]+$"), element.Id);
        Assert.Equal(record.Plant, message.Param("plant"));
        Assert.Equal("99", message.Param("position"));
        Assert.True(message.Bom);
        var ocsf = OcsfSchema.Parse(message.Msg!);
        Assert.Empty(OcsfSchema.Instance.Validate(ocsf));
    }

    [Theory]
    [InlineData("detection-open", 20, 3, "detection", "detection", "plc-1", "cell-1", "vendor-anna")]
    [InlineData("incident-open", 20, 2, "incident", "incident", "plc-1", "cell-1", "vendor-anna")]
    [InlineData("decision-deny", 20, 5, "decision", "decision", "plc-1", "cell-1", "vendor-anna")]
    [InlineData("decision-allow", 20, 6, "decision", "decision", "plc-1", "cell-1", "vendor-anna")]
    [InlineData("flow-dropped", 20, 5, "flow", "flow", "plc-1", "cell-1", null)]
    [InlineData("authentication-lockout", 10, 4, "authentication", "authentication", null, null, "vendor-anna")]
    [InlineData("authentication-telemetry-failure", 10, 5, "authentication", "authentication", "eng-ws-1", "ops", "vendor-anna")]
    [InlineData("um-lock", 20, 4, "user-management", "user-management", null, null, "vendor-anna")]
    [InlineData("rem-quarantine-isolated", 20, 3, "remediation", "remediation", "plc-1", null, null)]
    [InlineData("audit-apply", 20, 6, "audit", "audit", null, null, null)]
    public void PRI_MSGID_and_structured_data_follow_the_kind(string variant, int facility, int severity, string msgId, string kind, string? asset, string? zone, string? identity)
    {
        var record = ExportSamples.All().Single(s => s.Name == variant).Record;

        var message = Rfc5424Grammar.Parse(new Rfc5424Format(Options).Format(record));

        Assert.Equal((facility, severity, msgId), (message.Facility, message.Severity, message.MsgId));
        Assert.Equal((kind, asset, zone, identity), (message.Param("kind"), message.Param("asset"), message.Param("zone"), message.Param("identity")));
    }

    [Theory]
    [InlineData(Severity.Critical, 2)]
    [InlineData(Severity.High, 3)]
    [InlineData(Severity.Medium, 4)]
    [InlineData(Severity.Low, 5)]
    [InlineData(Severity.Unspecified, 6)]
    public void Severity_maps_to_the_syslog_severity(Severity severity, int expected) =>
        Assert.Equal(expected, Rfc5424Format.SyslogSeverity(severity));

    [Fact]
    public void Facilities_are_configurable_and_authentication_can_share_the_main_one()
    {
        var record = ExportSamples.All().Single(s => s.Name == "authentication-lockout").Record;
        var format = new Rfc5424Format(Options with { Facility = SyslogFacility.Local7, AuthenticationFacility = null });

        var message = Rfc5424Grammar.Parse(format.Format(record));

        Assert.Equal(23, message.Facility);
        Assert.Equal((23 * 8) + 4, format.Priority(record));
    }

    [Fact]
    public void The_sentence_option_puts_one_line_in_MSG()
    {
        var record = ExportRecords.From(ExportSamples.Detection(summary: "line one\r\nline two\nline three"));

        var message = Rfc5424Grammar.Parse(new Rfc5424Format(Options with { SyslogMessage = SyslogMessageContent.Sentence, Utf8Bom = false }).Format(record));

        Assert.False(message.Bom);
        Assert.DoesNotContain('\n', message.Msg!);
        Assert.DoesNotContain('\r', message.Msg!);
        Assert.Contains("line one line two line three", message.Msg, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a]b", "a\\]b")]
    [InlineData("[x=\"y\"]", "[x=\\\"y\\\"\\]")]
    [InlineData("plain", "plain")]
    [InlineData("Zürich 工厂", "Zürich 工厂")]
    public void PARAM_VALUE_escapes_quote_backslash_and_closing_bracket(string value, string escaped) =>
        Assert.Equal(escaped, Rfc5424Format.EscapeParamValue(value));

    [Fact]
    public void Awkward_values_survive_the_structured_data()
    {
        // Ids are restricted, but a plant named by a future producer or a hostname may not be: escape whatever comes.
        var awkward = "pl\"ant]\\ 工厂 😀";
        var record = ExportSamples.All().Single(s => s.Name == "audit-apply").Record with { Plant = awkward };
        var format = new Rfc5424Format(Options with { Hostname = "host name\twith spaces" + new string('h', 300) });

        var message = Rfc5424Grammar.Parse(format.Format(record));

        Assert.Equal(awkward, message.Param("plant"));
        Assert.Equal(255, message.Hostname.Length);
        Assert.StartsWith("host_name_with_spaces", message.Hostname, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cef", false)]
    [InlineData("json", true)]
    public void Another_format_travels_as_MSG_with_the_same_header_and_structured_data(string name, bool bom)
    {
        var record = ExportSamples.All().Single(s => s.Name == "flow-dropped").Record with { Position = 3 };
        var payload = ExportFormats.Create(name, Options).Format(record);

        var message = Rfc5424Grammar.Parse(new Rfc5424Format(Options).Format(record, payload, bom));

        Assert.Equal((20, 5, "flow", "3", "plc-1", bom, payload), (message.Facility, message.Severity, message.MsgId, message.Param("position"), message.Param("asset"), message.Bom, message.Msg));
    }

    [Fact]
    public void Timestamps_keep_microseconds_and_their_offset()
    {
        var at = new DateTimeOffset(2026, 12, 5, 4, 30, 42, TimeSpan.FromHours(1)).AddTicks(1234567);

        Assert.Equal("2026-12-05T04:30:42.123456+01:00", Rfc5424Format.Timestamp(at));
        Assert.Equal("2026-12-05T03:30:42.000000Z", Rfc5424Format.Timestamp(new DateTimeOffset(2026, 12, 5, 3, 30, 42, TimeSpan.Zero)));
        Assert.Equal("2026-12-05T03:30:42.000000-05:30", Rfc5424Format.Timestamp(new DateTimeOffset(2026, 12, 5, 3, 30, 42, TimeSpan.FromMinutes(-330))));
    }

    [Fact]
    public void A_lone_surrogate_does_not_make_invalid_UTF_8()
    {
        var record = ExportRecords.From(ExportSamples.Detection(summary: "broken \uD800 text"));

        var message = Rfc5424Grammar.Parse(new Rfc5424Format(Options with { SyslogMessage = SyslogMessageContent.Sentence }).Format(record));

        Assert.Contains("broken \uFFFD text", message.Msg, StringComparison.Ordinal);
    }

    [Fact]
    public void The_reader_refuses_what_the_RFC_forbids()
    {
        Assert.Throws<FormatException>(() => Rfc5424Grammar.Parse("<192>1 - - - - - -"));
        Assert.Throws<FormatException>(() => Rfc5424Grammar.Parse("<13>1 2026-12-05T03:30:42.1234567Z - - - - -"));
        Assert.Throws<FormatException>(() => Rfc5424Grammar.Parse("<13>1 - - - - - [a@1 b=\"x]\"]"));
        Assert.Throws<FormatException>(() => Rfc5424Grammar.Parse("<13>1 - - - - - [a@1 b=\"x\\y\"]"));
        Assert.Throws<FormatException>(() => Rfc5424Grammar.Parse($"<13>1 - {new string('h', 256)} - - - -"));
        Assert.Equal("x]\"\\", Rfc5424Grammar.Parse("<13>1 - - - - - [a@1 b=\"x\\]\\\"\\\\\"] msg").Param("b"));
    }
}
