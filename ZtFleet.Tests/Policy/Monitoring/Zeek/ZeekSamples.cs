namespace ZtFleet.Tests.Policy.Monitoring.Zeek;

/// <summary>
/// Real-shaped Zeek log lines. The values are rows of the projects' test baselines, written as Zeek's JSON writer
/// writes them (the baselines are TSV with their timestamps masked, so ts here is 2023-11-14T22:13:20.123456Z):
/// cisagov/icsnpp-modbus testing/baseline/analyzer.basic/{conn,modbus_detailed}.log (commit 64559be),
/// its pre-2025-09 schema tests/baseline/analyzer.basic/modbus_detailed.log (commit 1642891^), and zeek/zeek
/// testing/btest/Baseline/scripts.base.protocols.modbus.exception_handling/modbus.log.
/// </summary>
internal static class ZeekSamples
{
    public const string EpochTs = "1700000000.123456";
    public const string IsoTs = "\"2023-11-14T22:13:20.123456Z\"";

    public static readonly DateTimeOffset Ts = new DateTimeOffset(2023, 11, 14, 22, 13, 20, TimeSpan.Zero).AddTicks(1_234_560);

    public static string Conn(string ts = EpochTs) =>
        "{\"ts\":" + ts + ",\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"proto\":\"tcp\",\"service\":\"modbus\",\"duration\":0.006324,\"orig_bytes\":292,\"resp_bytes\":393,\"conn_state\":\"SF\","
        + "\"local_orig\":true,\"local_resp\":true,\"missed_bytes\":0,\"history\":\"ShADadFf\",\"orig_pkts\":50,\"orig_ip_bytes\":2900,"
        + "\"resp_pkts\":48,\"resp_ip_bytes\":2897}";

    /// <summary>An exception response to an unknown function code (0x9C = 0x1C | 0x80).</summary>
    public static string ModbusException(string ts = EpochTs) =>
        "{\"ts\":" + ts + ",\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"192.168.66.235\",\"id.orig_p\":2582,\"id.resp_h\":\"166.161.16.230\",\"id.resp_p\":502,"
        + "\"tid\":0,\"unit\":1,\"func\":\"unknown-156\",\"pdu_type\":\"RESP\",\"exception\":\"ILLEGAL_FUNCTION\"}";

    public static string ModbusWrite(string ts = EpochTs) =>
        "{\"ts\":" + ts + ",\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"tid\":10,\"unit\":7,\"func\":\"WRITE_SINGLE_REGISTER\",\"pdu_type\":\"REQ\"}";

    /// <summary>Current ICSNPP schema: a matched request and exception response.</summary>
    public const string DetailedException =
        "{\"ts\":1700000000.123456,\"uid\":\"ClEkJM2Vm5giqnMf4h\",\"id.orig_h\":\"192.168.1.6\",\"id.orig_p\":37699,\"id.resp_h\":\"3.15.227.20\",\"id.resp_p\":502,"
        + "\"tid\":1,\"unit\":0,\"func\":\"READ_HOLDING_REGISTERS\",\"address\":600,\"quantity\":10,\"matched\":true,\"exception_code\":\"ILLEGAL_DATA_ADDRESS\"}";

    public const string DetailedWrite =
        "{\"ts\":1700000000.123456,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"tid\":10,\"unit\":7,\"func\":\"WRITE_SINGLE_REGISTER\",\"address\":1,\"quantity\":1,\"request_values\":[43981],\"response_values\":[43981],\"matched\":true}";

    /// <summary>The pre-2025-09 ICSNPP schema: one line per message, source and destination, values as text.</summary>
    public const string DetailedLegacyResponse =
        "{\"ts\":1700000000.123456,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"is_orig\":false,\"source_h\":\"127.0.0.1\",\"source_p\":502,\"destination_h\":\"127.0.0.1\",\"destination_p\":47785,"
        + "\"tid\":1,\"unit\":4,\"func\":\"READ_COILS\",\"request_response\":\"RESPONSE\",\"quantity\":8,\"values\":\"T,F,F,F,F,F,F,F\"}";

    /// <summary>The head of icsnpp-modbus's conn.log baseline, TSV as Zeek writes it by default (ts unmasked).</summary>
    public const string ConnTsv =
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2023-11-14-22-13-20\n"
        + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"
        + "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n"
        + "1700000000.123456\tCHhAvVGS1DHFjwGM9\t127.0.0.1\t47785\t127.0.0.1\t502\ttcp\tmodbus\t0.006324\t292\t393\tSF\tT\tT\t0\tShADadFf\t50\t2900\t48\t2897\t-\n"
        + "1700000000.223456\tClEkJM2Vm5giqnMf4h\t192.168.1.6\t37699\t3.15.227.20\t502\ttcp\tmodbus\t0.100079\t12\t9\tOTH\tT\tF\t0\tDd\t1\t64\t1\t61\t-\n"
        + "#close\t2023-11-14-22-13-21\n";
}
