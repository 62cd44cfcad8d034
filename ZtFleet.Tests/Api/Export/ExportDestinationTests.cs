using ZtFleet.Api.Export;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Tests.Api.Export;

/// <summary>Destinations as configured: parsed, or refused at start with a sentence per problem.</summary>
public sealed class ExportDestinationTests
{
    [Fact]
    public void A_complete_syslog_destination_parses_with_its_filter()
    {
        var errors = new List<string>();
        var destination = ExportDestination.Parse(
            new ExportDestinationOptions
            {
                Name = "soc",
                Transport = "syslog-tls",
                Format = "cef",
                Address = "siem.example.net:6514",
                Kinds = ["Detection", "decision"],
                MinimumSeverity = "medium",
                Plants = ["berlin"],
                Decisions = "all",
            },
            0,
            development: false,
            errors);

        Assert.Empty(errors);
        Assert.NotNull(destination);
        Assert.Equal((ExportTransport.SyslogTls, ExportFormat.Cef, "siem.example.net", 6514), (destination!.Transport, destination.Format, destination.Host, destination.Port));
        Assert.Equal([ExportKind.Detection, ExportKind.Decision], destination.Filter.Kinds.Order());
        Assert.Equal(Severity.Medium, destination.Filter.MinimumSeverity);
        Assert.False(destination.Filter.OnlyDenials);
        Assert.True(ExportDestination.Parse(new() { Name = "d", Transport = "syslog-tcp", Format = "rfc5424", Address = "h:514" }, 0, false, errors)!.Filter.OnlyDenials);
    }

    public static readonly TheoryData<string, string?, string?, string?, string?, string?, bool, string> Refused = new()
    {
        // name, transport, format, address, url, kinds, development, what the error says
        { "", "syslog-tcp", "rfc5424", "h:514", null, null, false, "Name must be" },
        { "soc", "tcp", "rfc5424", "h:514", null, null, false, "Transport 'tcp' is not one of" },
        { "soc", "syslog-tcp", "leef", "h:514", null, null, false, "Format 'leef' is not one of" },
        { "soc", "syslog-udp", "rfc5424", "h", null, null, false, "Address 'h' is not host:port" },
        { "soc", "syslog-udp", "rfc5424", "h:70000", null, null, false, "Address 'h:70000'" },
        { "soc", "webhook", "json", null, "http://soar.example.net/hook", null, false, "must be HTTPS outside Development" },
        { "soc", "webhook", "cef", null, "https://soar.example.net/hook", null, false, "a webhook sends JSON" },
        { "soc", "webhook", "json", null, "not a url", null, true, "is not an absolute http(s) URL" },
        { "soc", "syslog-tcp", "rfc5424", "h:514", null, "Detections", false, "Kinds holds 'Detections'" },
        { "soc", "syslog-tcp", "rfc5424", "h:514", null, "3", false, "Kinds holds '3'" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_wrong_destination_is_refused_with_a_sentence_naming_it(
        string name, string? transport, string? format, string? address, string? url, string? kind, bool development, string expected)
    {
        var errors = new List<string>();
        var destination = ExportDestination.Parse(
            new ExportDestinationOptions { Name = name, Transport = transport, Format = format, Address = address, Url = url, Kinds = kind is null ? [] : [kind] },
            2,
            development,
            errors);

        Assert.Null(destination);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal) && e.StartsWith("ZtFleet:Export:Destinations:2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plain_http_webhook_is_accepted_in_development_only()
    {
        var options = new ExportDestinationOptions { Name = "dev-hook", Transport = "webhook", Format = "ocsf", Url = "http://127.0.0.1:9000/hook" };
        Assert.NotNull(ExportDestination.Parse(options, 0, development: true, new List<string>()));
        Assert.Null(ExportDestination.Parse(options, 0, development: false, new List<string>()));
    }

    [Fact]
    public void The_api_does_not_start_with_a_wrong_destination_or_twice_the_same_name()
    {
        var validator = new ExportOptionsValidator(new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" });
        var options = new ExportOptions
        {
            Destinations =
            [
                new() { Name = "soc", Transport = "syslog-tcp", Format = "rfc5424", Address = "h:514" },
                new() { Name = "SOC", Transport = "syslog-udp", Format = "rfc5424", Address = "h:514" },
                new() { Name = "hook", Transport = "webhook", Format = "json", Url = "http://soar/hook" },
            ],
            BatchSize = 0,
        };

        var result = validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("used twice", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("HTTPS", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("BatchSize", StringComparison.Ordinal));
    }
}
