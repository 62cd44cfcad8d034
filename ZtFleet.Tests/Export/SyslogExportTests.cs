using ZtFleet.Api.V1;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.Export;

/// <summary>
/// The exporter against a real receiver: Debian's rsyslogd, started here with its own configuration, writing what it
/// receives to a file the test reads. The outbox is in PostgreSQL.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class SyslogExportTests(PostgresServer postgres)
{
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Records_reach_rsyslog_over_tcp_complete_and_in_order_per_plant()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: false));
        await using var receiver = await RsyslogReceiver.StartAsync();
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-tcp"), Syslog("siem", "syslog-tcp", receiver.TcpPort));
        await server.InitializeAsync();

        await ExportScenario.AppendAsync(server, "tcp", 1, 500);

        var lines = await receiver.WaitForAsync(l => ExportScenario.Complete(l, "tcp", 500), Arrival, "1,500 records");
        var duplicates = ExportScenario.AssertCompleteInOrder(lines, "tcp", 500);
        Assert.Equal(0, duplicates);
    }

    [SkippableFact]
    public async Task A_receiver_down_for_a_while_gets_everything_once_it_is_back_and_the_status_shows_the_outage()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: false));
        await using var receiver = await RsyslogReceiver.StartAsync();
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-outage"), Syslog("siem", "syslog-tcp", receiver.TcpPort));
        await server.InitializeAsync();
        var export = new ExportService.ExportServiceClient(server.Channel);

        await ExportScenario.AppendAsync(server, "down", 1, 300);
        await receiver.WaitForAsync(l => ExportScenario.Complete(l, "down", 300), Arrival, "the first 900 records");
        var settled = await WaitForStatusAsync(export, server, s => s.Backlog == 0);
        Assert.True(settled.Delivered >= 900);

        await receiver.StopAsync();
        await ExportScenario.AppendAsync(server, "down", 301, 600);
        var retrying = await WaitForStatusAsync(export, server, s => s.State == ExportSenderState.Retrying && s.LastError.Length > 0);
        Assert.True(retrying.Backlog > 0);
        Assert.Equal(settled.Cursor, retrying.Cursor);

        await receiver.StartAgainAsync();
        await ExportScenario.AppendAsync(server, "down", 601, 700);
        var lines = await receiver.WaitForAsync(l => ExportScenario.Complete(l, "down", 700), Arrival, "all 2,100 records after the restart");

        // At least once: nothing missing, each plant in order; duplicates (a re-send after the broken connection) are counted.
        ExportScenario.AssertCompleteInOrder(lines, "down", 700);
        var recovered = await WaitForStatusAsync(export, server, s => s.State is ExportSenderState.Idle or ExportSenderState.Delivering && s.Backlog == 0);
        Assert.NotNull(recovered.LastDeliveredAt);
        Assert.NotEmpty(recovered.LastError);
    }

    [SkippableFact]
    public async Task Records_reach_rsyslog_over_tls_checked_against_the_destinations_own_ca()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: true));
        await using var receiver = await RsyslogReceiver.StartAsync(tls: true);
        var destination = Syslog("siem-tls", "syslog-tls", receiver.TlsPort);
        destination["Address"] = $"localhost:{receiver.TlsPort}";
        destination["Tls:CaFile"] = receiver.CaFile;
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-tls"), destination);
        await server.InitializeAsync();

        await ExportScenario.AppendAsync(server, "tls", 1, 200);

        var lines = await receiver.WaitForAsync(l => ExportScenario.Complete(l, "tls", 200), Arrival, "600 records over TLS");
        ExportScenario.AssertCompleteInOrder(lines, "tls", 200);
    }

    [SkippableFact]
    public async Task Over_udp_each_record_is_one_datagram_and_a_long_one_is_cut_to_the_datagram_limit()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: false));
        await using var receiver = await RsyslogReceiver.StartAsync();
        var destination = Syslog("siem-udp", "syslog-udp", receiver.UdpPort);
        destination["MaxDatagramBytes"] = "600";
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-udp"), destination);
        await server.InitializeAsync();

        await ExportScenario.AppendAsync(server, "udp", 1, 20);
        var outbox = server.SiloServices.GetService(typeof(ZtFleet.Grains.Export.IExportOutbox)) as ZtFleet.Grains.Export.IExportOutbox;
        await outbox!.AppendAsync([new(ZtFleet.Policy.Export.ExportKind.Audit, "berlin", DateTimeOffset.UtcNow, ZtFleet.Policy.Monitoring.Severity.Low, "long:" + new string('x', 5000))]);

        var lines = await receiver.WaitForAsync(
            l => ExportScenario.Complete(l, "udp", 20) && l.Any(line => line.Contains("long:", StringComparison.Ordinal)), Arrival, "the UDP records");
        var cut = lines.Single(line => line.Contains("long:", StringComparison.Ordinal));
        Assert.InRange(cut.Length, 400, 600);
    }

    [SkippableFact]
    public async Task A_denied_check_is_exported_as_a_decision_and_an_allowed_one_is_not_by_default()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: false));
        await using var receiver = await RsyslogReceiver.StartAsync();
        var destination = Syslog("siem", "syslog-tcp", receiver.TcpPort);
        destination["Kinds:0"] = "Decision";
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-decisions"), destination);
        await server.InitializeAsync();
        await server.ApplyAsync(TestFleets.TwoPlants);
        var decisions = new DecisionService.DecisionServiceClient(server.Channel);

        var denied = await decisions.CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "nobody-known", AssetId = "plc-1", Operation = Operation.Write },
            server.As(Role.FleetAdmin));
        Assert.False(denied.Decision.Allow);

        var lines = await receiver.WaitForAsync(l => l.Any(line => line.Contains("nobody-known", StringComparison.Ordinal)), Arrival, "the denied decision");
        Assert.All(lines, line => Assert.StartsWith("Decision|berlin|", line.Trim(), StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task The_products_formats_reach_rsyslog_as_ocsf_in_rfc5424_and_as_cef()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: false));
        await using var receiver = await RsyslogReceiver.StartAsync();
        var rfc5424 = Syslog("siem-5424", "syslog-tcp", receiver.TcpPort);
        rfc5424["Utf8Bom"] = "false";
        var cef = Syslog("siem-cef", "syslog-tcp", receiver.TcpPort);
        cef["Format"] = "cef";
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-formats"), realFormats: true, rfc5424, cef);
        await server.InitializeAsync();

        await ExportScenario.AppendAuditAsync(server, 10);

        var lines = await receiver.WaitForAsync(
            l => l.Count(line => line.Contains("\"class_uid\":6003", StringComparison.Ordinal)) >= 30 && l.Count(line => line.StartsWith("CEF:0|", StringComparison.Ordinal)) >= 30,
            Arrival,
            "30 OCSF and 30 CEF records");
        Assert.Contains(lines, line => line.StartsWith('{') && line.Contains("\"plant\":\"lyon\"", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_dropped_flow_reported_by_telemetry_is_exported_and_an_allowed_one_is_not()
    {
        HostPrerequisite.Require(RsyslogReceiver.Missing(tls: false));
        await using var receiver = await RsyslogReceiver.StartAsync();
        var destination = Syslog("siem", "syslog-tcp", receiver.TcpPort);
        destination["Kinds:0"] = "Flow";
        destination["Message"] = "sentence";
        await using var server = ExportScenario.Server(await postgres.CreateDatabaseAsync("export-telemetry"), realFormats: true, destination);
        await server.InitializeAsync();
        await server.ApplyAsync(TestFleets.TwoPlants);
        var point = await ZtFleet.Tests.Api.Telemetry.TelemetryStream.EnrollAsync(server, "gw-berlin", "berlin", EnrollmentKind.EnforcementPoint);
        await using var stream = await ZtFleet.Tests.Api.Telemetry.TelemetryStream.OpenAsync(server, point);

        var ack = await stream.SendAsync(ZtFleet.Tests.Api.Telemetry.TelemetryStream.Batch(1, "berlin", Flow("10.66.6.6", FlowAction.Dropped), Flow("10.0.21.20", FlowAction.Allowed)));
        Assert.Equal(IngestResult.Accepted, ack.Result);

        var lines = await receiver.WaitForAsync(l => l.Any(line => line.Contains("10.66.6.6", StringComparison.Ordinal)), Arrival, "the dropped flow");
        Assert.DoesNotContain(lines, line => line.Contains("10.0.21.20", StringComparison.Ordinal));
    }

    private static TelemetryEvent Flow(string source, FlowAction action) => new()
    {
        At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        Flow = new FlowObservation
        {
            Source = new Endpoint { Ip = source, Port = 40000 },
            Destination = new Endpoint { Ip = "10.0.21.11", Port = 502 },
            Transport = "tcp",
            Protocol = "modbus-tcp",
            Action = action,
            Rule = "default-deny",
        },
    };

    private static Dictionary<string, string?> Syslog(string name, string transport, int port) => new()
    {
        ["Name"] = name,
        ["Transport"] = transport,
        ["Format"] = "rfc5424",
        ["Address"] = $"127.0.0.1:{port}",
        ["Settle"] = "00:00:01",
        ["Timeout"] = "00:00:02",
    };

    private static async Task<ExportDestinationStatus> WaitForStatusAsync(ExportService.ExportServiceClient export, ApiServer server, Func<ExportDestinationStatus, bool> done)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var status = (await export.GetExportStatusAsync(new GetExportStatusRequest(), server.As(Role.Auditor))).Destinations.Single();
            if (done(status))
            {
                return status;
            }

            Assert.True(watch.Elapsed < Arrival, $"the status never showed what was expected; last: {status}");
            await Task.Delay(100);
        }
    }
}
