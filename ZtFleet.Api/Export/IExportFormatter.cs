using ZtFleet.Policy.Export;

namespace ZtFleet.Api.Export;

/// <summary>
/// Writes one record as a destination reads it: a whole syslog message (header included) for syslog transports, one
/// JSON object for webhooks. The formatting itself is the pure core's (<c>ZtFleet.Policy/Export</c>).
/// </summary>
public interface IExportFormatter
{
    /// <summary>The record as <paramref name="destination"/> receives it.</summary>
    string Format(ExportRecord record, ExportDestination destination);
}
