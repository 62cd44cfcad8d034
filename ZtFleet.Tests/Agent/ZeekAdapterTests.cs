extern alias agent;
using agent::ZtFleet.Agent.ControlPlane;
using agent::ZtFleet.Agent.Hosting;
using agent::ZtFleet.Agent.State;
using agent::ZtFleet.Agent.Telemetry;
using agent::ZtFleet.Agent.Zeek;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ZtFleet.Policy.Monitoring.Zeek;
using ZtFleet.Tests.Policy.Monitoring.Zeek;
using AgentV1 = agent::ZtFleet.Api.V1;

namespace ZtFleet.Tests.Agent;

/// <summary>
/// The Zeek adapter: conn.log lines become observed flows, Modbus lines observed transactions counted once per
/// request (both ICSNPP modbus_detailed.log schemas and Zeek's modbus.log, JSON and TSV), and the <c>zeek</c> command
/// sends them through the same sender as the agent.
/// </summary>
public sealed class ZeekAdapterTests : IDisposable
{
    // The pre-2025-09 ICSNPP schema: the request that DetailedLegacyResponse answers.
    private const string LegacyRequest =
        "{\"ts\":1700000000.103456,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"is_orig\":true,\"source_h\":\"127.0.0.1\",\"source_p\":47785,\"destination_h\":\"127.0.0.1\",\"destination_p\":502,"
        + "\"tid\":1,\"unit\":4,\"func\":\"READ_COILS\",\"request_response\":\"REQUEST\",\"address\":0,\"quantity\":8}";

    private const string LegacyWriteRequest =
        "{\"ts\":1700000001.0,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"is_orig\":true,\"source_h\":\"127.0.0.1\",\"source_p\":47785,\"destination_h\":\"127.0.0.1\",\"destination_p\":502,"
        + "\"tid\":2,\"unit\":4,\"func\":\"WRITE_SINGLE_REGISTER\",\"request_response\":\"REQUEST\",\"address\":9000,\"quantity\":1}";

    private const string LegacyWriteException =
        "{\"ts\":1700000001.01,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"is_orig\":false,\"source_h\":\"127.0.0.1\",\"source_p\":502,\"destination_h\":\"127.0.0.1\",\"destination_p\":47785,"
        + "\"tid\":2,\"unit\":4,\"func\":\"WRITE_SINGLE_REGISTER_EXCEPTION\",\"request_response\":\"RESPONSE\",\"exception_code\":\"ILLEGAL_DATA_ADDRESS\"}";

    private const string ModbusWriteResponse =
        "{\"ts\":1700000000.133456,\"uid\":\"CHhAvVGS1DHFjwGM9\",\"id.orig_h\":\"127.0.0.1\",\"id.orig_p\":47785,\"id.resp_h\":\"127.0.0.1\",\"id.resp_p\":502,"
        + "\"tid\":10,\"unit\":7,\"func\":\"WRITE_SINGLE_REGISTER\",\"pdu_type\":\"RESP\"}";

    // The current ICSNPP schema as TSV (the default writer): two matched transactions.
    private const string DetailedTsv =
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tmodbus_detailed\n#open\t2023-11-14-22-13-20\n"
        + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttid\tunit\tfunc\taddress\tquantity\trequest_values\tresponse_values\tmatched\texception_code\n"
        + "#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tcount\tstring\tcount\tcount\tvector[count]\tvector[count]\tbool\tstring\n"
        + "1700000000.123456\tCHhAvVGS1DHFjwGM9\t10.0.20.10\t47785\t10.0.21.11\t502\t1\t1\tREAD_HOLDING_REGISTERS\t0\t4\t-\t1,2,3,4\tT\t-\n"
        + "1700000000.223456\tCHhAvVGS1DHFjwGM9\t10.0.20.10\t47785\t10.0.21.11\t502\t2\t1\tWRITE_MULTIPLE_REGISTERS\t100\t2\t7,8\t-\tT\t-\n"
        + "#close\t2023-11-14-22-13-21\n";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ztfleet-zeek-" + Guid.NewGuid().ToString("N"));

    public ZeekAdapterTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_conn_line_becomes_an_observed_flow()
    {
        var flow = Assert.Single(Map(ZeekLogKind.Conn, ZeekSamples.Conn())).Flow;

        Assert.Equal(("127.0.0.1", 47785, "127.0.0.1", 502), (flow.Source.Ip, flow.Source.Port, flow.Destination.Ip, flow.Destination.Port));
        Assert.Equal(("tcp", "modbus-tcp", 685L, 98L), (flow.Transport, flow.Protocol, flow.Bytes, flow.Packets));
        Assert.Equal(AgentV1.FlowAction.Observed, flow.Action);
        Assert.Equal(ZeekSamples.Ts + TimeSpan.FromSeconds(0.006324), flow.End.ToDateTimeOffset());
    }

    [Fact]
    public void Current_icsnpp_lines_are_one_transaction_each_with_address_quantity_and_exception()
    {
        var events = Map(ZeekLogKind.ModbusDetailed, ZeekSamples.DetailedException, ZeekSamples.DetailedWrite).Select(e => e.OtTransaction).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal(("fc3", 3, 600L, 10L, 2), (events[0].Operation, events[0].FunctionCode, events[0].Address, events[0].Quantity, events[0].Exception));
        Assert.Equal(("192.168.1.6", "3.15.227.20", 502), (events[0].Source.Ip, events[0].Destination.Ip, events[0].Destination.Port));
        Assert.Equal(("fc6", 7, 1L, 1L), (events[1].Operation, events[1].Unit, events[1].Address, events[1].Quantity));
        Assert.False(events[1].HasException);
        Assert.All(events, t => Assert.Equal(AgentV1.OtOutcome.Observed, t.Outcome));
        Assert.All(events, t => Assert.Equal("modbus-tcp", t.Protocol));
    }

    [Fact]
    public void Legacy_icsnpp_requests_and_responses_are_paired_into_one_transaction()
    {
        var events = Map(ZeekLogKind.ModbusDetailed, LegacyRequest, ZeekSamples.DetailedLegacyResponse, LegacyWriteRequest, LegacyWriteException)
            .Select(e => e.OtTransaction).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal(("fc1", 4, 0L, 8L), (events[0].Operation, events[0].Unit, events[0].Address, events[0].Quantity));
        Assert.False(events[0].HasException);
        Assert.Equal(("fc6", 9000L, 2), (events[1].Operation, events[1].Address, events[1].Exception));
        Assert.Equal("127.0.0.1", events[1].Source.Ip);
        Assert.Equal(502, events[1].Destination.Port);
    }

    [Fact]
    public void Modbus_log_requests_wait_for_their_response_and_a_lone_response_counts_on_its_own()
    {
        var mapper = new ZeekTelemetryMapper();
        Assert.Empty(mapper.Map(Record(ZeekLogKind.Modbus, ZeekSamples.ModbusWrite())));

        var paired = Assert.Single(mapper.Map(Record(ZeekLogKind.Modbus, ModbusWriteResponse))).OtTransaction;
        Assert.Equal(("fc6", 7), (paired.Operation, paired.Unit));

        var lone = Assert.Single(mapper.Map(Record(ZeekLogKind.Modbus, ZeekSamples.ModbusException()))).OtTransaction;
        Assert.Equal(("fc28", 28, 1), (lone.Operation, lone.FunctionCode, lone.Exception));
        Assert.Empty(mapper.Flush());
    }

    [Fact]
    public void An_unanswered_request_counts_once_the_pairing_window_has_passed_or_the_input_ends()
    {
        var mapper = new ZeekTelemetryMapper();
        Assert.Empty(mapper.Map(Record(ZeekLogKind.Modbus, ZeekSamples.ModbusWrite())));

        // A line a minute later (by the log's clock) releases the request held since.
        var later = ZeekSamples.ModbusWrite("1700000060.5").Replace("\"tid\":10", "\"tid\":11", StringComparison.Ordinal);
        var released = Assert.Single(mapper.Map(Record(ZeekLogKind.Modbus, later))).OtTransaction;
        Assert.Equal("fc6", released.Operation);
        Assert.False(released.HasException);

        Assert.Single(mapper.Flush());
    }

    [Theory]
    [InlineData("conn.log", ZeekLogKind.Conn)]
    [InlineData("/var/log/zeek/current/modbus.log", ZeekLogKind.Modbus)]
    [InlineData("modbus_detailed.2026-12-04-23-00-00.log", ZeekLogKind.ModbusDetailed)]
    [InlineData("modbus_detailed=-", ZeekLogKind.ModbusDetailed)]
    [InlineData("conn=/tmp/x.json", ZeekLogKind.Conn)]
    [InlineData("all.json", ZeekLogKind.Unknown)]
    public void A_log_is_named_by_its_file_or_a_kind_prefix(string value, ZeekLogKind kind) =>
        Assert.Equal(kind, ZeekInput.Parse(value, out _)!.Kind);

    [Fact]
    public void An_unknown_kind_prefix_is_refused()
    {
        Assert.Null(ZeekInput.Parse("dns=-", out var error));
        Assert.Contains("conn, modbus or modbus_detailed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_zeek_command_sends_files_and_standard_input_through_the_sender_and_ends_when_they_end()
    {
        var state = new StateDirectory(Path.Combine(_directory, "state"));
        new CredentialStore(state).Save(new StoredCredential("zeek-sensor-1", "line", [], "secret", null));
        var conn = Path.Combine(_directory, "conn.log");
        await File.WriteAllTextAsync(conn, ZeekSamples.ConnTsv);
        var detailed = Path.Combine(_directory, "modbus_detailed.log");
        await File.WriteAllTextAsync(detailed, DetailedTsv);
        var controlPlane = new FakeControlPlane();
        var stdin = new StringReader(LegacyRequest + "\nnot json\n" + ZeekSamples.DetailedLegacyResponse + "\n");

        var exit = await ZeekCommand.RunAsync(
            controlPlane,
            state,
            enrollmentToken: null,
            [new ZeekInput(conn, ZeekLogKind.Conn), new ZeekInput(detailed, ZeekLogKind.ModbusDetailed), new ZeekInput("-", ZeekLogKind.ModbusDetailed)],
            follow: false,
            new TelemetryOptions { BatchSize = 2 },
            new FakeTimeProvider(),
            () => stdin,
            NullLoggerFactory.Instance,
            NullLogger.Instance,
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(AgentExitCodes.Stopped, exit);
        var accepted = controlPlane.Accepted;
        Assert.Equal(2, accepted.Count(e => e.Flow is not null));
        var functionCodes = accepted.Where(e => e.OtTransaction is not null).Select(e => e.OtTransaction.FunctionCode).Order().ToList();
        Assert.Equal([1, 3, 16], functionCodes);
        Assert.All(controlPlane.Batches, b => Assert.Equal("line", b.PlantId));
        Assert.Equal(controlPlane.Batches.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(state.File(SequenceStore.FileName))).Trim());
    }

    [Fact]
    public async Task The_zeek_command_without_a_credential_or_token_exits_3()
    {
        var exit = await ZeekCommand.RunAsync(
            new FakeControlPlane(), new StateDirectory(Path.Combine(_directory, "empty")), null, [new ZeekInput("-", ZeekLogKind.Conn)], false,
            new TelemetryOptions(), new FakeTimeProvider(), () => new StringReader(string.Empty), NullLoggerFactory.Instance, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(AgentExitCodes.EnrollmentRefused, exit);
    }

    [Fact]
    public async Task A_followed_file_is_read_as_it_grows_and_after_it_is_rotated()
    {
        var path = Path.Combine(_directory, "conn.log");
        await File.WriteAllTextAsync(path, "first\n");
        var time = new FakeTimeProvider();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using var stream = new FollowingFileStream(path, TimeSpan.FromMilliseconds(100), time);
        using var reader = new StreamReader(stream);

        Assert.Equal("first", await reader.ReadLineAsync(stop.Token));
        var next = reader.ReadLineAsync(stop.Token).AsTask();
        await File.AppendAllTextAsync(path, "second\n");
        Assert.Equal("second", await AdvanceUntil(next, time));

        // Zeek renames the log and starts a new one.
        File.Move(path, path + ".old");
        await File.WriteAllTextAsync(path, "third\n");
        Assert.Equal("third", await AdvanceUntil(reader.ReadLineAsync(stop.Token).AsTask(), time));
    }

    private static async Task<T> AdvanceUntil<T>(Task<T> task, FakeTimeProvider time)
    {
        while (!task.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(10);
        }

        return await task;
    }

    private static ZeekRecord Record(ZeekLogKind kind, string line)
    {
        var entry = ZeekLogReader.ReadLine(line, 1, kind)!;
        Assert.True(entry.IsRecord, entry.Problem?.Message);
        return entry.Record;
    }

    private static List<AgentV1.TelemetryEvent> Map(ZeekLogKind kind, params string[] lines)
    {
        var mapper = new ZeekTelemetryMapper();
        var events = lines.SelectMany(l => mapper.Map(Record(kind, l))).ToList();
        events.AddRange(mapper.Flush());
        return events;
    }
}
