using System.Globalization;
using ZtFleet.Api.Export;
using ZtFleet.Policy.Export;

namespace ZtFleet.Tests.Export;

/// <summary>
/// The tests' own minimal formatter (the transports and delivery are under test, not the formats): an RFC 5424
/// header and <c>kind|plant|body</c> as MSG for syslog, a JSON object for webhooks.
/// </summary>
internal sealed class LineFormatter : IExportFormatter
{
    public string Format(ExportRecord record, ExportDestination destination) => destination.Transport == ExportTransport.Webhook
        ? $"{{\"position\":{record.Position},\"plant\":\"{record.Plant}\",\"body\":\"{record.Body}\"}}"
        : string.Create(CultureInfo.InvariantCulture, $"<14>1 {record.At:yyyy-MM-ddTHH:mm:ss.fffZ} ztfleet-test ztfleet - {record.Kind} - {record.Kind}|{record.Plant}|{record.Body}");
}
