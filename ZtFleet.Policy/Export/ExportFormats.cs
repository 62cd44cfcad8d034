namespace ZtFleet.Policy.Export;

/// <summary>The formats by name: what a destination's <c>format:</c> names.</summary>
public static class ExportFormats
{
    /// <summary>RFC 5424 syslog (<see cref="Rfc5424Format"/>).</summary>
    public const string Rfc5424 = "rfc5424";

    /// <summary>ArcSight CEF (<see cref="CefFormat"/>).</summary>
    public const string Cef = "cef";

    /// <summary>OCSF 1.3.0 JSON (<see cref="OcsfFormat"/>).</summary>
    public const string Ocsf = "ocsf";

    /// <summary>The webhook JSON envelope around OCSF (<see cref="WebhookFormat"/>).</summary>
    public const string Json = "json";

    /// <summary>Every name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [Rfc5424, Cef, Ocsf, Json];

    /// <summary>The format named <paramref name="name"/> (case-insensitive), or false when there is none.</summary>
    public static bool TryCreate(string? name, ExportFormatOptions? options, out IExportFormat format)
    {
        options ??= ExportFormatOptions.Default;
        format = name?.ToLowerInvariant() switch
        {
            Rfc5424 => new Rfc5424Format(options),
            Cef => new CefFormat(options),
            Ocsf => new OcsfFormat(options),
            Json => new WebhookFormat(options),
            _ => null!,
        };
        return format is not null;
    }

    /// <summary>The format named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No format has that name.</exception>
    public static IExportFormat Create(string name, ExportFormatOptions? options = null) =>
        TryCreate(name, options, out var format)
            ? format
            : throw new ArgumentException($"'{name}' is not an export format (one of: {string.Join(", ", Names)}).", nameof(name));
}
