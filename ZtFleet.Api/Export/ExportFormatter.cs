using System.Collections.Concurrent;
using System.Reflection;
using ZtFleet.Policy.Export;

namespace ZtFleet.Api.Export;

/// <summary>
/// The export's formats (<see cref="ExportFormats"/>, docs/export-formats.md) per destination. Syslog transports send
/// a whole syslog message: <c>rfc5424</c> is one already; <c>cef</c>, <c>ocsf</c> and <c>json</c> travel as the MSG of
/// the same RFC 5424 header and structured data (<see cref="Rfc5424Format.Format(ExportRecord, string, bool)"/>; no BOM
/// before CEF). Webhooks send the format's JSON object per record.
/// </summary>
internal sealed class ExportFormatter : IExportFormatter
{
    private static readonly string Version =
        typeof(ExportFormatter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0";

    private static readonly string Host = Sanitize(Environment.MachineName);

    private readonly ConcurrentDictionary<string, Func<ExportRecord, string>> _formats = new(StringComparer.Ordinal);

    public string Format(ExportRecord record, ExportDestination destination) =>
        _formats.GetOrAdd(destination.Name, _ => Create(destination))(record);

    private static Func<ExportRecord, string> Create(ExportDestination destination)
    {
        var options = new ExportFormatOptions
        {
            Hostname = Host,
            ProductVersion = Version,
            SyslogMessage = destination.Message,
            Utf8Bom = destination.Utf8Bom,
        };
        var format = ExportFormats.Create(destination.Format.ToString().ToLowerInvariant(), options);
        if (destination.Transport == ExportTransport.Webhook || destination.Format == ExportFormat.Rfc5424)
        {
            return format.Format;
        }

        var syslog = new Rfc5424Format(options);
        var bom = destination.Utf8Bom && destination.Format != ExportFormat.Cef;
        return record => syslog.Format(record, format.Format(record), bom);
    }

    /// <summary>RFC 5424 HOSTNAME: printable US-ASCII without spaces, at most 255 characters.</summary>
    private static string Sanitize(string name)
    {
        var clean = new string(name.Select(c => c is > ' ' and <= '~' ? c : '_').ToArray());
        return clean.Length == 0 ? "-" : clean[..Math.Min(clean.Length, 255)];
    }
}
