using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Api.Telemetry.TelemetryStream;

namespace ZtFleet.Tests.Api.Telemetry;

/// <summary>
/// Enforcement points and sensors stream telemetry through the real API and silo: every batch is acknowledged once,
/// a replay counts once, uninventoried hosts are accepted and counted, every refusal is counted and visible in
/// <c>GetTelemetryStatus</c>, and a credential reaches only its own plant and methods.
/// </summary>
public sealed class TelemetryServiceTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    private TelemetryService.TelemetryServiceClient Telemetry => new(_server.Channel);

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_point_ingests_and_every_batch_is_acknowledged_with_uninventoried_hosts_counted()
    {
        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.Unspecified);
        await using var stream = await OpenAsync(_server, point);
        Assert.Equal((0ul, 0ul), (stream.First.Sequence, stream.First.AcknowledgedSequence));

        var ack = await stream.SendAsync(Batch(1, "berlin", Modbus("10.0.21.20", "10.0.21.11"), Modbus("10.66.6.6", "10.0.21.11", 16)));
        Assert.Equal((1ul, 1ul, IngestResult.Accepted, 2u, 0u), (ack.Sequence, ack.AcknowledgedSequence, ack.Result, ack.EventsAccepted, ack.EventsRefused));

        var sender = await StatusAsync("gw-berlin");
        Assert.Equal((1ul, 1L, 2L, 1L, 0L), (sender.AcknowledgedSequence, sender.Batches, sender.EventsAccepted, sender.UninventoriedEvents, sender.EventsRefused));
        Assert.NotNull(sender.LastBatchAt);
    }

    [Fact]
    public async Task A_replayed_batch_counts_once_and_a_new_stream_starts_after_the_acknowledged_sequence()
    {
        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.EnforcementPoint);
        var batch = Batch(1, "berlin", Modbus("10.0.21.20", "10.0.21.11"));
        await using (var stream = await OpenAsync(_server, point))
        {
            Assert.Equal(IngestResult.Accepted, (await stream.SendAsync(batch)).Result);
            var replay = await stream.SendAsync(batch);
            Assert.Equal((IngestResult.Duplicate, 1ul, 0u), (replay.Result, replay.AcknowledgedSequence, replay.EventsAccepted));
        }

        await using (var again = await OpenAsync(_server, point))
        {
            Assert.Equal(1ul, again.First.AcknowledgedSequence);
            Assert.Equal(IngestResult.Duplicate, (await again.SendAsync(batch)).Result);
            Assert.Equal(IngestResult.Accepted, (await again.SendAsync(Batch(2, "berlin", Modbus("10.0.21.20", "10.0.21.11")))).Result);
        }

        var sender = await StatusAsync("gw-berlin");
        Assert.Equal((2ul, 2L, 2L, 2L), (sender.AcknowledgedSequence, sender.Batches, sender.DuplicateBatches, sender.EventsAccepted));
    }

    [Fact]
    public async Task Every_refusal_is_answered_counted_by_reason_and_visible_in_the_status()
    {
        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.Unspecified);
        var now = DateTimeOffset.UtcNow;
        var events = new[]
        {
            Modbus("10.0.300.1", "10.0.21.11"),                                   // invalid-address
            Modbus("10.0.21.20", "10.0.21.11", at: now - TimeSpan.FromDays(3)),   // clock-skew
            Modbus("10.0.21.20", "10.0.21.11", at: now + TimeSpan.FromHours(1)),  // clock-skew
            new TelemetryEvent { At = Timestamp.FromDateTimeOffset(now) },        // unknown-kind
            Modbus("10.0.21.20", "10.0.21.11", functionCode: 0),                  // missing-field
            Modbus("10.0.21.20", "10.0.21.11", functionCode: 300),                // invalid-value
            new TelemetryEvent
            {
                At = Timestamp.FromDateTimeOffset(now),
                AssetChange = new AssetChange { AssetId = "plc-99", Change = AssetChangeKind.Firmware },   // unknown-asset
            },
            new TelemetryEvent
            {
                At = Timestamp.FromDateTimeOffset(now),
                AccessDecision = new EnforcedDecision { IdentityId = "mallory", AssetId = "plc-1", Operation = Operation.Write },   // unknown-identity
            },
            Modbus("10.0.21.20", "10.0.21.11"),                                   // accepted
        };

        await using var stream = await OpenAsync(_server, point);
        var ack = await stream.SendAsync(Batch(1, "berlin", events));
        Assert.Equal((IngestResult.Accepted, 1u, 8u), (ack.Result, ack.EventsAccepted, ack.EventsRefused));
        Assert.Equal(
            ["invalid-address", "clock-skew", "clock-skew", "unknown-kind", "missing-field", "invalid-value", "unknown-asset", "unknown-identity"],
            ack.Refusals.Select(r => r.Reason));
        Assert.Equal(["ot_transaction.source.ip", "at"], ack.Refusals.Take(2).Select(r => r.Field));
        Assert.Equal([0u, 1u, 2u], ack.Refusals.Take(3).Select(r => r.Index));

        // Refused whole, counted, and the stream goes on.
        var oversize = await stream.SendAsync(Batch(2, "berlin", [.. Enumerable.Range(0, 5001).Select(_ => Modbus("10.0.21.20", "10.0.21.11"))]));
        Assert.Equal((IngestResult.Refused, 1ul), (oversize.Result, oversize.AcknowledgedSequence));
        Assert.StartsWith("too-many-events", oversize.Refusal, StringComparison.Ordinal);
        var zero = await stream.SendAsync(Batch(0, "berlin", Modbus("10.0.21.20", "10.0.21.11")));
        Assert.Equal(IngestResult.Refused, zero.Result);
        Assert.StartsWith("invalid-sequence", zero.Refusal, StringComparison.Ordinal);
        Assert.Equal(IngestResult.Accepted, (await stream.SendAsync(Batch(2, "berlin", [.. Enumerable.Range(0, 5000).Select(_ => Modbus("10.0.21.20", "10.0.21.11"))]))).Result);

        var sender = await StatusAsync("gw-berlin");
        Assert.Equal((2L, 2L, 5001L, 8L), (sender.Batches, sender.RefusedBatches, sender.EventsAccepted, sender.EventsRefused));
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["invalid-address"] = 1,
                ["clock-skew"] = 2,
                ["unknown-kind"] = 1,
                ["missing-field"] = 1,
                ["invalid-value"] = 1,
                ["unknown-asset"] = 1,
                ["unknown-identity"] = 1,
                ["batch:too-many-events"] = 1,
                ["batch:invalid-sequence"] = 1,
            },
            sender.RefusedByReason.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary());
    }

    [Fact]
    public async Task Events_the_sender_lost_are_counted()
    {
        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.Unspecified);
        await using var stream = await OpenAsync(_server, point);
        var batch = Batch(1, "berlin", Modbus("10.0.21.20", "10.0.21.11"));
        batch.LostBefore = 250;
        await stream.SendAsync(batch);

        Assert.Equal(250, (await StatusAsync("gw-berlin")).EventsLostAtSender);
    }

    [Fact]
    public async Task A_batch_for_another_plant_ends_the_stream_with_permission_denied()
    {
        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.Unspecified);
        await using var stream = await OpenAsync(_server, point);

        var refused = await Assert.ThrowsAsync<RpcException>(() => stream.SendAsync(Batch(1, "austin", Modbus("10.1.21.12", "10.1.21.11"))));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        Assert.Contains("'berlin' only", refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sensor_sends_telemetry_and_heartbeats_and_nothing_else()
    {
        var sensor = await EnrollAsync(_server, "zeek-berlin", "berlin", EnrollmentKind.Sensor);
        await using (var stream = await OpenAsync(_server, sensor))
        {
            Assert.Equal(IngestResult.Accepted, (await stream.SendAsync(Batch(1, "berlin", Modbus("10.0.21.20", "10.0.21.11")))).Result);
        }

        var enforcement = new EnforcementService.EnforcementServiceClient(_server.Channel);
        Assert.True((await enforcement.HeartbeatAsync(new HeartbeatRequest(), sensor)).PlantEpoch > 0);

        var watch = enforcement.Watch(new WatchRequest { PlantId = "berlin" }, sensor);
        var watching = await Assert.ThrowsAsync<RpcException>(() => watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, watching.StatusCode);

        var check = await Assert.ThrowsAsync<RpcException>(() => new DecisionService.DecisionServiceClient(_server.Channel).CheckAsync(
            new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.View }, sensor).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, check.StatusCode);

        var ack = await Assert.ThrowsAsync<RpcException>(() => enforcement.AckAsync(new AckRequest { Epoch = 1 }, sensor).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ack.StatusCode);
    }

    [Fact]
    public async Task An_administrator_cannot_ingest_and_the_status_is_for_administrators_of_the_plant()
    {
        var call = Telemetry.Ingest(_server.As(Role.FleetAdmin));
        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        Assert.Empty((await Telemetry.GetTelemetryStatusAsync(new GetTelemetryStatusRequest { PlantId = "berlin" }, _server.As(Role.Auditor))).Senders);
        var otherPlant = await Assert.ThrowsAsync<RpcException>(() => Telemetry.GetTelemetryStatusAsync(
            new GetTelemetryStatusRequest { PlantId = "berlin" }, _server.As(Role.PlantAdmin, "austin")).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, otherPlant.StatusCode);

        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.Unspecified);
        var byPoint = await Assert.ThrowsAsync<RpcException>(() => Telemetry.GetTelemetryStatusAsync(
            new GetTelemetryStatusRequest { PlantId = "berlin" }, point).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, byPoint.StatusCode);
    }

    private async Task<SenderStatus> StatusAsync(string sender)
    {
        var status = await Telemetry.GetTelemetryStatusAsync(new GetTelemetryStatusRequest { PlantId = "berlin" }, _server.As(Role.PlantAdmin, "berlin"));
        Assert.Equal("berlin", status.PlantId);
        return Assert.Single(status.Senders, s => s.SenderId == sender);
    }
}
