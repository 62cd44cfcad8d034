namespace ZtFleet.Api.Export;

/// <summary>How records reach a destination.</summary>
public enum ExportTransport
{
    /// <summary>Syslog over TCP, framed by octet counting (RFC 6587 section 3.4.1).</summary>
    SyslogTcp,

    /// <summary>Syslog over TLS (RFC 5425: octet counting inside TLS).</summary>
    SyslogTls,

    /// <summary>Syslog over UDP (RFC 5426): one message per datagram, truncated to the datagram limit, no delivery guarantee.</summary>
    SyslogUdp,

    /// <summary>JSON batches POSTed over HTTPS; a 2xx answer means delivered.</summary>
    Webhook,
}
