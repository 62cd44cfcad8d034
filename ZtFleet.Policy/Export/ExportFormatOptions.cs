namespace ZtFleet.Policy.Export;

/// <summary>
/// What the formats need from their host: nothing here is read from the machine (the pure core does no I/O): the
/// exporter fills <see cref="Hostname"/> and <see cref="ProductVersion"/>.
/// </summary>
public sealed record ExportFormatOptions
{
    /// <summary>The defaults: local4, authpriv for authentications, OCSF JSON in syslog MSG, a BOM before it.</summary>
    public static ExportFormatOptions Default { get; } = new();

    /// <summary>ZtFleet's version as written in CEF's header and OCSF's <c>metadata.product.version</c>.</summary>
    public string ProductVersion { get; init; } = "1.0";

    /// <summary>
    /// The syslog HOSTNAME (the API host's FQDN, name or address); <c>-</c> (NILVALUE) when not set. Characters
    /// outside printable US-ASCII are replaced by <c>_</c>, and it is cut at 255.
    /// </summary>
    public string Hostname { get; init; } = "-";

    /// <summary>The syslog facility of every record but authentications. Default <see cref="SyslogFacility.Local4"/>.</summary>
    public SyslogFacility Facility { get; init; } = SyslogFacility.Local4;

    /// <summary>
    /// The syslog facility of <see cref="ExportKind.Authentication"/> records. Default
    /// <see cref="SyslogFacility.AuthPriv"/>, where receivers keep authentication logs; null: <see cref="Facility"/>.
    /// </summary>
    public SyslogFacility? AuthenticationFacility { get; init; } = SyslogFacility.AuthPriv;

    /// <summary>What syslog MSG carries. Default <see cref="SyslogMessageContent.Ocsf"/>.</summary>
    public SyslogMessageContent SyslogMessage { get; init; } = SyslogMessageContent.Ocsf;

    /// <summary>
    /// Whether syslog MSG starts with the UTF-8 BOM, which RFC 5424 §6.4 requires of a UTF-8 MSG. Default true; turn
    /// it off for receivers that keep the BOM in their files.
    /// </summary>
    public bool Utf8Bom { get; init; } = true;
}
