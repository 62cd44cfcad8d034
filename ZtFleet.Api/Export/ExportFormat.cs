namespace ZtFleet.Api.Export;

/// <summary>How each record is written for a destination (docs/export-formats.md).</summary>
public enum ExportFormat
{
    /// <summary>Syslog RFC 5424 with ZtFleet's structured data.</summary>
    Rfc5424,

    /// <summary>ArcSight Common Event Format inside a syslog message.</summary>
    Cef,

    /// <summary>OCSF JSON (inside a syslog message, or a webhook batch).</summary>
    Ocsf,

    /// <summary>ZtFleet's own JSON (inside a syslog message, or a webhook batch).</summary>
    Json,
}
