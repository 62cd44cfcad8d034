namespace ZtFleet.Policy.Monitoring.Zeek;

/// <summary>Builds the typed record of one log from a line's fields; field names as the Zeek scripts log them.</summary>
internal static class ZeekRecords
{
    public static ZeekRecord? Build(ZeekLogKind kind, ZeekFields fields) =>
        kind switch
        {
            ZeekLogKind.Conn => Conn(fields),
            ZeekLogKind.Modbus => Modbus(fields),
            ZeekLogKind.ModbusDetailed => ModbusDetailed(fields),
            _ => null,
        };

    // Conn::Info, zeek/zeek scripts/base/protocols/conn/main.zeek.
    private static ZeekConnRecord? Conn(ZeekFields f)
    {
        var (ts, uid, id) = Common(f);
        var record = new ZeekConnRecord
        {
            Timestamp = ts ?? default,
            Uid = uid ?? "",
            Id = id!,
            Proto = f.String("proto", required: true) ?? "",
            Service = f.String("service"),
            Duration = f.Interval("duration"),
            OrigBytes = f.Count("orig_bytes"),
            RespBytes = f.Count("resp_bytes"),
            ConnState = f.String("conn_state"),
            LocalOrig = f.Bool("local_orig"),
            LocalResp = f.Bool("local_resp"),
            MissedBytes = f.Count("missed_bytes"),
            History = f.String("history"),
            OrigPkts = f.Count("orig_pkts"),
            OrigIpBytes = f.Count("orig_ip_bytes"),
            RespPkts = f.Count("resp_pkts"),
            RespIpBytes = f.Count("resp_ip_bytes"),
            TunnelParents = f.Strings("tunnel_parents"),
            IpProto = f.Bounded("ip_proto", 255),
        };
        return f.Problem is null ? record : null;
    }

    // Modbus::Info, zeek/zeek scripts/base/protocols/modbus/main.zeek.
    private static ZeekModbusRecord? Modbus(ZeekFields f)
    {
        var (ts, uid, id) = Common(f);
        var func = f.String("func");
        var record = new ZeekModbusRecord
        {
            Timestamp = ts ?? default,
            Uid = uid ?? "",
            Id = id!,
            Tid = f.Bounded("tid", 65535),
            Unit = f.Bounded("unit", 255),
            Func = func,
            Function = ZeekModbusFunction.TryParse(func, out var function) ? function : null,
            PduType = f.String("pdu_type"),
            Exception = f.String("exception"),
        };
        return f.Problem is null ? record : null;
    }

    // Modbus_Extended::Modbus_Detailed, cisagov/icsnpp-modbus scripts/main.zeek (current and pre-2025-09 fields).
    private static ZeekModbusDetailedRecord? ModbusDetailed(ZeekFields f)
    {
        var (ts, uid, id) = Common(f);
        var func = f.String("func");
        var record = new ZeekModbusDetailedRecord
        {
            Timestamp = ts ?? default,
            Uid = uid ?? "",
            Id = id!,
            Tid = f.Bounded("tid", 65535),
            Unit = f.Bounded("unit", 255),
            Func = func,
            Function = ZeekModbusFunction.TryParse(func, out var function) ? function : null,
            Address = f.Count("address"),
            Quantity = f.Count("quantity"),
            RequestValues = f.Counts("request_values"),
            ResponseValues = f.Counts("response_values"),
            LinkId = f.String("modbus_detailed_link_id"),
            Matched = f.Bool("matched"),
            RequestSubfunctionCode = f.String("request_subfunction_code"),
            ResponseSubfunctionCode = f.String("response_subfunction_code"),
            RequestData = f.String("request_data"),
            ResponseData = f.String("response_data"),
            ExceptionCode = f.String("exception_code"),
            MeiType = f.String("mei_type"),
            IsOrig = f.Bool("is_orig"),
            SourceHost = f.Address("source_h"),
            SourcePort = f.Port("source_p"),
            DestinationHost = f.Address("destination_h"),
            DestinationPort = f.Port("destination_p"),
            RequestResponse = f.String("request_response"),
            Values = f.String("values"),
        };
        return f.Problem is null ? record : null;
    }

    private static (DateTimeOffset? Ts, string? Uid, ZeekConnectionId? Id) Common(ZeekFields f)
    {
        var ts = f.Time("ts", required: true);
        var uid = f.String("uid", required: true);
        var origHost = f.Address("id.orig_h", required: true);
        var origPort = f.Port("id.orig_p", required: true);
        var respHost = f.Address("id.resp_h", required: true);
        var respPort = f.Port("id.resp_p", required: true);
        var id = origHost is null || origPort is null || respHost is null || respPort is null
            ? null
            : new ZeekConnectionId(origHost, origPort.Value, respHost, respPort.Value);
        return (ts, uid, id);
    }
}
