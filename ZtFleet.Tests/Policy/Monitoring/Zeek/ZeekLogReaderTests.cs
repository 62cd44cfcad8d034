using System.Net;
using System.Text;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring.Zeek;
using ZtFleet.Policy.Text;

namespace ZtFleet.Tests.Policy.Monitoring.Zeek;

public sealed class ZeekLogReaderTests
{
    private static List<ZeekLogEntry> Read(string text, ZeekLogKind kind = ZeekLogKind.Unknown) =>
        [.. ZeekLogReader.Read(new StringReader(text), kind)];

    private static ZeekLogProblem SingleProblem(string text, ZeekLogKind kind = ZeekLogKind.Unknown)
    {
        var entry = Assert.Single(Read(text, kind));
        Assert.False(entry.IsRecord);
        return entry.Problem;
    }

    [Theory]
    [InlineData(ZeekSamples.EpochTs)]
    [InlineData(ZeekSamples.IsoTs)]
    public void A_conn_line_gives_every_field_with_either_timestamp_style(string ts)
    {
        var entry = Assert.Single(Read(ZeekSamples.Conn(ts), ZeekLogKind.Conn));

        Assert.Equal(1, entry.Line);
        var conn = Assert.IsType<ZeekConnRecord>(entry.Record);
        Assert.Equal(ZeekSamples.Ts, conn.Timestamp);
        Assert.Equal("CHhAvVGS1DHFjwGM9", conn.Uid);
        Assert.Equal(new ZeekConnectionId(IPAddress.Loopback, 47785, IPAddress.Loopback, 502), conn.Id);
        Assert.Equal("tcp", conn.Proto);
        Assert.Equal("modbus", conn.Service);
        Assert.Equal(TimeSpan.FromTicks(63_240), conn.Duration);
        Assert.Equal((292L, 393L), (conn.OrigBytes, conn.RespBytes));
        Assert.Equal("SF", conn.ConnState);
        Assert.Equal((true, true), (conn.LocalOrig, conn.LocalResp));
        Assert.Equal(0, conn.MissedBytes);
        Assert.Equal("ShADadFf", conn.History);
        Assert.Equal((50L, 2900L, 48L, 2897L), (conn.OrigPkts, conn.OrigIpBytes, conn.RespPkts, conn.RespIpBytes));
        Assert.Null(conn.TunnelParents);
        Assert.Null(conn.IpProto);
    }

    [Fact]
    public void A_modbus_line_names_the_operation_a_proxy_decision_would()
    {
        var entries = Read(ZeekSamples.ModbusWrite() + "\n" + ZeekSamples.ModbusException(ZeekSamples.IsoTs) + "\n", ZeekLogKind.Modbus);

        Assert.Equal(2, entries.Count);
        var write = Assert.IsType<ZeekModbusRecord>(entries[0].Record);
        Assert.Equal((10, 7, "REQ"), (write.Tid, write.Unit, write.PduType));
        Assert.Equal("WRITE_SINGLE_REGISTER", write.Func);
        Assert.Equal("fc6", write.Function!.Value.Operation);
        Assert.Equal(Operation.Write, write.Function.Value.Access);
        Assert.Null(write.Exception);

        var exception = Assert.IsType<ZeekModbusRecord>(entries[1].Record);
        Assert.Equal(2, entries[1].Line);
        Assert.Equal(ZeekSamples.Ts, exception.Timestamp);
        Assert.Equal(IPAddress.Parse("166.161.16.230"), exception.Id.ResponderHost);
        Assert.Equal(new ZeekModbusFunction(156), exception.Function);
        Assert.True(exception.Function!.Value.IsException);
        Assert.Equal("fc28", exception.Function.Value.Operation);
        Assert.Equal("ILLEGAL_FUNCTION", exception.Exception);
    }

    [Fact]
    public void A_detailed_line_of_the_current_icsnpp_schema_gives_address_quantity_and_values()
    {
        var entries = Read(ZeekSamples.DetailedWrite + "\n" + ZeekSamples.DetailedException, ZeekLogKind.ModbusDetailed);

        var write = Assert.IsType<ZeekModbusDetailedRecord>(entries[0].Record);
        Assert.Equal((1L, 1L), (write.Address, write.Quantity));
        Assert.Equal([43981L], write.RequestValues!);
        Assert.Equal([43981L], write.ResponseValues!);
        Assert.True(write.Matched);
        Assert.Equal("fc6", write.Function!.Value.Operation);

        var refused = Assert.IsType<ZeekModbusDetailedRecord>(entries[1].Record);
        Assert.Equal((0, 600L, 10L), (refused.Unit, refused.Address, refused.Quantity));
        Assert.Equal("ILLEGAL_DATA_ADDRESS", refused.ExceptionCode);
        Assert.True(refused.Function!.Value.IsReadOnly);
        Assert.Equal(Operation.View, refused.Function.Value.Access);
        Assert.Null(refused.RequestValues);
    }

    [Fact]
    public void A_detailed_line_of_the_older_icsnpp_schema_gives_its_direction_and_values()
    {
        var record = Assert.IsType<ZeekModbusDetailedRecord>(Assert.Single(Read(ZeekSamples.DetailedLegacyResponse, ZeekLogKind.ModbusDetailed)).Record);

        Assert.False(record.IsOrig);
        Assert.Equal("RESPONSE", record.RequestResponse);
        Assert.Equal((IPAddress.Loopback, 502), (record.SourceHost, record.SourcePort));
        Assert.Equal((IPAddress.Loopback, 47785), (record.DestinationHost, record.DestinationPort));
        Assert.Equal("T,F,F,F,F,F,F,F", record.Values);
        Assert.Equal(8, record.Quantity);
        Assert.Null(record.Address);
    }

    [Fact]
    public void The_path_field_says_which_log_a_line_is_when_no_kind_is_named()
    {
        var entries = Read(
            ZeekSamples.Conn().Insert(1, "\"_path\":\"conn\",") + "\n"
            + ZeekSamples.ModbusWrite().Insert(1, "\"_path\":\"modbus\",") + "\n"
            + ZeekSamples.DetailedWrite.Insert(1, "\"_path\":\"modbus_detailed\","));

        Assert.Equal(
            [ZeekLogKind.Conn, ZeekLogKind.Modbus, ZeekLogKind.ModbusDetailed],
            entries.Select(e => e.Record!.Kind));
    }

    [Fact]
    public void A_line_of_another_log_than_the_one_named_is_a_wrong_log_problem()
    {
        var problem = SingleProblem(ZeekSamples.ModbusWrite().Insert(1, "\"_path\":\"modbus\","), ZeekLogKind.Conn);

        Assert.Equal(ZeekLogProblemKind.WrongLog, problem.Kind);
        Assert.Equal("_path", problem.Field);
        Assert.Equal("the line is from modbus.log, not conn.log", problem.Message);
    }

    [Fact]
    public void A_log_zeek_writes_that_ztfleet_does_not_read_is_a_wrong_log_problem()
    {
        var problem = SingleProblem("{\"_path\":\"dns\",\"ts\":1700000000.0}");

        Assert.Equal(ZeekLogProblemKind.WrongLog, problem.Kind);
        Assert.Contains("'dns'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_with_neither_path_nor_named_kind_is_an_unknown_log_problem()
    {
        Assert.Equal(ZeekLogProblemKind.UnknownLog, SingleProblem(ZeekSamples.Conn()).Kind);
    }

    [Fact]
    public void Unknown_extra_fields_are_ignored()
    {
        // community_id (policy/protocols/conn/community-id-logging), vlan and mac fields, and a nested extension.
        var line = ZeekSamples.Conn().Insert(1, "\"community_id\":\"1:abc=\",\"vlan\":12,\"orig_l2_addr\":\"00:1b:1b:12:34:56\",\"ext\":{\"a\":[1,2]},");

        var conn = Assert.IsType<ZeekConnRecord>(Assert.Single(Read(line, ZeekLogKind.Conn)).Record);

        Assert.Equal("CHhAvVGS1DHFjwGM9", conn.Uid);
    }

    [Fact]
    public void Missing_and_null_optional_fields_are_unset()
    {
        const string Line = "{\"ts\":1700000000.123456,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":3082,\"id.resp_h\":\"10.0.0.3\",\"id.resp_p\":502,"
            + "\"proto\":\"tcp\",\"service\":null,\"conn_state\":\"S0\",\"tunnel_parents\":[\"Cparent\"],\"ip_proto\":6}";

        var conn = Assert.IsType<ZeekConnRecord>(Assert.Single(Read(Line, ZeekLogKind.Conn)).Record);

        Assert.Null(conn.Service);
        Assert.Null(conn.Duration);
        Assert.Null(conn.OrigBytes);
        Assert.Null(conn.LocalOrig);
        Assert.Equal("S0", conn.ConnState);
        Assert.Equal(["Cparent"], conn.TunnelParents!);
        Assert.Equal(6, conn.IpProto);
    }

    [Fact]
    public void A_modbus_line_without_func_has_no_function()
    {
        const string Line = "{\"ts\":1700000000.1,\"uid\":\"C1\",\"id\":{\"orig_h\":\"fd00::9\",\"orig_p\":3082,\"resp_h\":\"fd00::3\",\"resp_p\":502}}";

        var modbus = Assert.IsType<ZeekModbusRecord>(Assert.Single(Read(Line, ZeekLogKind.Modbus)).Record);

        Assert.Equal(IPAddress.Parse("fd00::9"), modbus.Id.OriginatorHost);
        Assert.Null(modbus.Func);
        Assert.Null(modbus.Function);
        Assert.Null(modbus.Unit);
    }

    [Theory]
    [InlineData("{\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.3\",\"id.resp_p\":502,\"proto\":\"tcp\"}", "ts")]
    [InlineData("{\"ts\":1.5,\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.3\",\"id.resp_p\":502,\"proto\":\"tcp\"}", "uid")]
    [InlineData("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.3\",\"id.resp_p\":502,\"proto\":\"tcp\"}", "id.orig_h")]
    [InlineData("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.3\",\"id.resp_p\":null,\"proto\":\"tcp\"}", "id.resp_p")]
    [InlineData("{\"ts\":1.5,\"uid\":\"C1\",\"id.orig_h\":\"10.0.0.9\",\"id.orig_p\":1,\"id.resp_h\":\"10.0.0.3\",\"id.resp_p\":502}", "proto")]
    public void A_missing_required_field_is_named(string line, string field)
    {
        var problem = SingleProblem(line, ZeekLogKind.Conn);

        Assert.Equal(ZeekLogProblemKind.MissingField, problem.Kind);
        Assert.Equal(field, problem.Field);
    }

    [Theory]
    [InlineData("\"id.orig_h\":\"10.0.0.9\"", "\"id.orig_h\":\"10.0.0\"", "id.orig_h", "'10.0.0'")]
    [InlineData("\"id.orig_h\":\"10.0.0.9\"", "\"id.orig_h\":\"1\"", "id.orig_h", "'1'")]
    [InlineData("\"id.resp_p\":502", "\"id.resp_p\":70000", "id.resp_p", "'70000'")]
    [InlineData("\"id.resp_p\":502", "\"id.resp_p\":\"502/tcp\"", "id.resp_p", "'502/tcp'")]
    [InlineData("\"ts\":1700000000.123456", "\"ts\":1700000000123", "ts", "'1700000000123'")]
    [InlineData("\"ts\":1700000000.123456", "\"ts\":\"yesterday\"", "ts", "'yesterday'")]
    [InlineData("\"orig_bytes\":292", "\"orig_bytes\":-1", "orig_bytes", "'-1'")]
    [InlineData("\"local_orig\":true", "\"local_orig\":\"T\"", "local_orig", "'T'")]
    [InlineData("\"duration\":0.006324", "\"duration\":\"6ms\"", "duration", "'6ms'")]
    public void A_field_of_the_wrong_type_is_a_problem_quoting_it(string field, string replacement, string name, string quoted)
    {
        var line = ZeekSamples.Conn().Replace("\"id.orig_h\":\"127.0.0.1\"", "\"id.orig_h\":\"10.0.0.9\"", StringComparison.Ordinal)
            .Replace(field, replacement, StringComparison.Ordinal);

        var problem = SingleProblem(line, ZeekLogKind.Conn);

        Assert.Equal(ZeekLogProblemKind.InvalidField, problem.Kind);
        Assert.Equal(name, problem.Field);
        Assert.Contains(quoted, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_huge_value_is_quoted_short()
    {
        var huge = new string('x', 30_000);
        var line = ZeekSamples.Conn().Replace("\"127.0.0.1\"", $"\"{huge}\"", StringComparison.Ordinal);

        var problem = SingleProblem(line, ZeekLogKind.Conn);

        Assert.Equal(ZeekLogProblemKind.InvalidField, problem.Kind);
        Assert.Contains(Echo.Of(huge), problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Message.Length < 200, problem.Message);
    }

    [Fact]
    public void Bad_json_and_non_objects_are_problems_and_the_next_lines_are_still_read()
    {
        var entries = Read("{\"ts\":1700000000.1,\"uid\":\n[1,2,3]\n\"conn\"\n\n" + ZeekSamples.Conn(), ZeekLogKind.Conn);

        Assert.Equal([1L, 2L, 3L, 5L], entries.Select(e => e.Line));
        Assert.Equal(ZeekLogProblemKind.Malformed, entries[0].Problem!.Kind);
        Assert.Equal(ZeekLogProblemKind.NotAnObject, entries[1].Problem!.Kind);
        Assert.Equal(ZeekLogProblemKind.NotAnObject, entries[2].Problem!.Kind);
        Assert.IsType<ZeekConnRecord>(entries[3].Record);
    }

    [Fact]
    public void A_line_longer_than_the_bound_is_skipped_as_a_problem_and_the_next_is_read()
    {
        var huge = "{\"ts\":1700000000.1,\"pad\":\"" + new string('x', 10 * ZeekLogReader.MaxLineCharacters) + "\"}";

        var entries = Read(huge + "\r\n" + ZeekSamples.Conn() + "\r\n", ZeekLogKind.Conn);

        Assert.Equal(2, entries.Count);
        Assert.Equal(ZeekLogProblemKind.LineTooLong, entries[0].Problem!.Kind);
        Assert.Contains($"{huge.Length} characters", entries[0].Problem!.Message, StringComparison.Ordinal);
        Assert.True(entries[0].Problem!.Message.Length < 200);
        Assert.Equal(2, entries[1].Line);
        Assert.IsType<ZeekConnRecord>(entries[1].Record);
    }

    [Fact]
    public void A_line_of_exactly_the_bound_is_read()
    {
        var line = ZeekSamples.Conn();
        line = line[..^1] + ",\"pad\":\"" + new string('x', ZeekLogReader.MaxLineCharacters - line.Length - 9) + "\"}";
        Assert.Equal(ZeekLogReader.MaxLineCharacters, line.Length);

        Assert.IsType<ZeekConnRecord>(Assert.Single(Read(line + "\r\n", ZeekLogKind.Conn)).Record);
        Assert.Equal(ZeekLogProblemKind.LineTooLong, Assert.Single(Read(line[..^1] + "x}", ZeekLogKind.Conn)).Problem!.Kind);
    }

    [Fact]
    public void The_tsv_format_is_read_through_its_headers()
    {
        var entries = Read(ZeekSamples.ConnTsv);

        Assert.Equal([9L, 10L], entries.Select(e => e.Line));
        var first = Assert.IsType<ZeekConnRecord>(entries[0].Record);
        Assert.Equal(ZeekSamples.Ts, first.Timestamp);
        Assert.Equal(new ZeekConnectionId(IPAddress.Loopback, 47785, IPAddress.Loopback, 502), first.Id);
        Assert.Equal((true, true), (first.LocalOrig, first.LocalResp));
        Assert.Equal(TimeSpan.FromTicks(63_240), first.Duration);
        Assert.Null(first.TunnelParents);
        var second = Assert.IsType<ZeekConnRecord>(entries[1].Record);
        Assert.Equal(("OTH", false), (second.ConnState, second.LocalResp));
    }

    [Fact]
    public void A_tsv_row_with_a_bad_value_or_a_missing_column_is_a_problem()
    {
        var text = ZeekSamples.ConnTsv.Replace("\t47785\t", "\tnope\t", StringComparison.Ordinal)
            .Replace("\tDd\t1\t64\t1\t61\t-\n", "\tDd\t1\n", StringComparison.Ordinal);

        var entries = Read(text);

        Assert.Equal(ZeekLogProblemKind.InvalidField, entries[0].Problem!.Kind);
        Assert.Equal("id.orig_p", entries[0].Problem!.Field);
        Assert.Equal(ZeekLogProblemKind.Malformed, entries[1].Problem!.Kind);
    }

    [Fact]
    public void A_tsv_header_naming_another_log_than_the_one_asked_for_makes_its_rows_wrong_log_problems()
    {
        Assert.All(Read(ZeekSamples.ConnTsv, ZeekLogKind.Modbus), e => Assert.Equal(ZeekLogProblemKind.WrongLog, e.Problem!.Kind));
    }

    [Fact]
    public void A_stream_with_invalid_utf8_is_read_without_throwing()
    {
        var bytes = Encoding.UTF8.GetBytes(ZeekSamples.ModbusWrite() + "\n").Concat(new byte[] { 0xFF, 0xFE, 0x7B, 0x0A }).ToArray();

        var entries = ZeekLogReader.Read(new MemoryStream(bytes), ZeekLogKind.Modbus).ToList();

        Assert.IsType<ZeekModbusRecord>(entries[0].Record);
        Assert.Equal(ZeekLogProblemKind.Malformed, entries[1].Problem!.Kind);
    }

    [Fact]
    public async Task Lines_are_read_asynchronously_as_from_stdin()
    {
        var entries = new List<ZeekLogEntry>();
        await foreach (var entry in ZeekLogReader.ReadAsync(new StringReader(ZeekSamples.DetailedWrite + "\n\n" + ZeekSamples.DetailedException), ZeekLogKind.ModbusDetailed))
        {
            entries.Add(entry);
        }

        Assert.Equal([1L, 3L], entries.Select(e => e.Line));
        Assert.All(entries, e => Assert.IsType<ZeekModbusDetailedRecord>(e.Record));
    }

    [Fact]
    public void One_line_is_read_on_its_own()
    {
        Assert.IsType<ZeekModbusRecord>(ZeekLogReader.ReadLine(ZeekSamples.ModbusWrite(), 7, ZeekLogKind.Modbus)!.Record);
        Assert.Null(ZeekLogReader.ReadLine("  ", 8));
        Assert.Equal(ZeekLogProblemKind.LineTooLong, ZeekLogReader.ReadLine(new string(' ', 70_000), 9)!.Problem!.Kind);
    }
}
