namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>
/// One line of <c>conn.log</c>: Zeek's <c>Conn::Info</c> (zeek/zeek scripts/base/protocols/conn/main.zeek). Fields
/// that record marks <c>&amp;optional</c> are null when the line omits them (Zeek's JSON writer leaves unset fields
/// out, or writes null with <c>LogAscii::json_include_unset_fields</c>).
/// </summary>
public sealed record ZeekConnRecord : ZeekRecord
{
    /// <inheritdoc/>
    public override ZeekLogKind Kind => ZeekLogKind.Conn;

    /// <summary><c>proto</c> (transport_proto): <c>tcp</c>, <c>udp</c>, <c>icmp</c> or <c>unknown_transport</c>.</summary>
    public required string Proto { get; init; }

    /// <summary><c>service</c>: comma-separated confirmed protocols (<c>modbus</c>, <c>ssl,http</c>).</summary>
    public string? Service { get; init; }

    /// <summary><c>duration</c> (interval, seconds).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary><c>orig_bytes</c>: payload bytes the originator sent.</summary>
    public long? OrigBytes { get; init; }

    /// <summary><c>resp_bytes</c>: payload bytes the responder sent.</summary>
    public long? RespBytes { get; init; }

    /// <summary><c>conn_state</c>: <c>S0</c>, <c>SF</c>, <c>REJ</c>, <c>OTH</c> … (see Conn::Info).</summary>
    public string? ConnState { get; init; }

    /// <summary><c>local_orig</c>: the originator is in <c>Site::local_nets</c>.</summary>
    public bool? LocalOrig { get; init; }

    /// <summary><c>local_resp</c>: the responder is in <c>Site::local_nets</c>.</summary>
    public bool? LocalResp { get; init; }

    /// <summary><c>missed_bytes</c>: bytes missed in content gaps (packet loss); Zeek defaults it to 0.</summary>
    public long? MissedBytes { get; init; }

    /// <summary><c>history</c>: the connection's state history as letters (<c>ShADadFf</c>).</summary>
    public string? History { get; init; }

    /// <summary><c>orig_pkts</c>: packets the originator sent.</summary>
    public long? OrigPkts { get; init; }

    /// <summary><c>orig_ip_bytes</c>: IP-level bytes the originator sent.</summary>
    public long? OrigIpBytes { get; init; }

    /// <summary><c>resp_pkts</c>: packets the responder sent.</summary>
    public long? RespPkts { get; init; }

    /// <summary><c>resp_ip_bytes</c>: IP-level bytes the responder sent.</summary>
    public long? RespIpBytes { get; init; }

    /// <summary><c>tunnel_parents</c> (set[string]): uids of encapsulating connections.</summary>
    public IReadOnlyList<string>? TunnelParents { get; init; }

    /// <summary><c>ip_proto</c>: the IP header's protocol number (6 for TCP); newer Zeek versions only.</summary>
    public int? IpProto { get; init; }
}
