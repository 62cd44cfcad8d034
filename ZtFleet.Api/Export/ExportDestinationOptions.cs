namespace ZtFleet.Api.Export;

/// <summary>One destination under <c>ZtFleet:Export:Destinations</c> as configured (text; <see cref="ExportDestination"/> is it parsed).</summary>
public sealed class ExportDestinationOptions
{
    /// <summary>Its name: unique, 1–63 characters of letters, digits, '-', '_' and '.'; the key of its cursor.</summary>
    public string? Name { get; set; }

    /// <summary><c>syslog-tcp</c>, <c>syslog-tls</c>, <c>syslog-udp</c> or <c>webhook</c>.</summary>
    public string? Transport { get; set; }

    /// <summary><c>rfc5424</c>, <c>cef</c>, <c>ocsf</c> or <c>json</c> (webhooks: <c>json</c> or <c>ocsf</c>).</summary>
    public string? Format { get; set; }

    /// <summary>Syslog: the receiver's <c>host:port</c>.</summary>
    public string? Address { get; set; }

    /// <summary>Webhook: the URL records are POSTed to (HTTPS outside Development).</summary>
    public string? Url { get; set; }

    /// <summary>TLS (syslog-tls and HTTPS webhooks): whom to trust and what to present.</summary>
    public ExportTlsOptions Tls { get; set; } = new();

    /// <summary>The kinds it receives (<c>Detection</c>, <c>Incident</c>, <c>Decision</c>, <c>Flow</c>, <c>Authentication</c>, <c>UserManagement</c>, <c>Remediation</c>, <c>Audit</c>); empty: all.</summary>
    public List<string> Kinds { get; set; } = [];

    /// <summary>The least severity it receives: <c>informational</c> (default: everything), <c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>.</summary>
    public string? MinimumSeverity { get; set; }

    /// <summary>The plants it receives; empty: all, fleet-wide records included.</summary>
    public List<string> Plants { get; set; } = [];

    /// <summary>Access and flow decisions: <c>denied</c> (default) or <c>all</c>.</summary>
    public string? Decisions { get; set; }

    /// <summary>How long one send (a connection, a write, a webhook POST) may take; 10 seconds by default.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>
    /// Syslog over TCP and TLS: how long after a batch was written without the connection failing it counts as
    /// delivered (the cursor moves); after a broken connection everything newer is sent again. 2 seconds by default.
    /// </summary>
    public TimeSpan? Settle { get; set; }

    /// <summary>Syslog formats (rfc5424): what MSG carries: <c>ocsf</c> (default, the OCSF JSON) or <c>sentence</c> (one English sentence).</summary>
    public string? Message { get; set; }

    /// <summary>Syslog: whether a UTF-8 MSG starts with the BOM RFC 5424 asks for (default true; some receivers keep it in their files).</summary>
    public bool? Utf8Bom { get; set; }

    /// <summary>Syslog over UDP: the largest datagram; longer messages are truncated (2048 by default, RFC 5426's recommended minimum).</summary>
    public int? MaxDatagramBytes { get; set; }
}
