using Grpc.Core;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Api.Telemetry.TelemetryStream;

namespace ZtFleet.Tests.Api.Telemetry;

/// <summary>
/// The whole monitoring path through the real API and silo, as issue 10 means it: an enforcement point reports a
/// write its proxy refused; the PLC's grain finds it, the plant stores the detection, the PLC's trust drops a tier, the
/// tier change reaches a watching point as a delta, and a write to the PLC is denied with <c>trust-reduced</c> at that
/// epoch; <c>GetTrust</c> names the detection as the reason.
/// </summary>
public sealed class TelemetryToTrustTests : IAsyncLifetime
{
    private readonly ApiServer _server = new();

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_refused_write_reported_by_a_proxy_lowers_the_plc_and_a_watching_point_then_gets_writes_denied()
    {
        var point = await EnrollAsync(_server, "gw-berlin", "berlin", EnrollmentKind.EnforcementPoint);
        var decisions = new DecisionService.DecisionServiceClient(_server.Channel);
        var write = new CheckRequest { PlantId = "berlin", IdentityId = "jdoe", AssetId = "plc-1", Operation = Operation.Write };
        Assert.NotEqual("trust-reduced", (await decisions.CheckAsync(write, point)).Decision.Reason);

        var epoch = (await new EnforcementService.EnforcementServiceClient(_server.Channel).HeartbeatAsync(new HeartbeatRequest(), point)).PlantEpoch;
        using var watch = new EnforcementService.EnforcementServiceClient(_server.Channel)
            .Watch(new WatchRequest { PlantId = "berlin", SinceEpoch = epoch }, point.WithDeadline(DateTime.UtcNow.AddSeconds(30)));

        // The engineering workstation writes a holding register of the press PLC; the proxy refuses it.
        var refused = Modbus("10.0.30.20", "10.0.21.11", functionCode: 6);
        refused.OtTransaction.Outcome = OtOutcome.Refused;
        refused.OtTransaction.Exception = 1;
        await using (var stream = await OpenAsync(_server, point))
        {
            Assert.Equal(IngestResult.Accepted, (await stream.SendAsync(Batch(1, "berlin", refused))).Result);
        }

        WatchResponse? lowered = null;
        while (lowered is null && await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            var delta = watch.ResponseStream.Current;
            lowered = delta.Kind == "asset-trust-changed" && delta.Payload.Contains("\"plc-1\"", StringComparison.Ordinal) ? delta : null;
        }

        Assert.NotNull(lowered);
        write.AtLeastEpoch = lowered.Epoch;
        var denied = (await decisions.CheckAsync(write, point)).Decision;
        Assert.Equal((false, "trust-reduced"), (denied.Allow, denied.Reason));

        var detections = await new MonitoringService.MonitoringServiceClient(_server.Channel).ListDetectionsAsync(
            new ListDetectionsRequest { PlantId = "berlin", AssetId = "plc-1" }, _server.As(Role.PlantAdmin, "berlin"));
        var detection = Assert.Single(detections.Detections, d => d.Type == DetectionType.RefusedWrite);
        var trust = await new TrustService.TrustServiceClient(_server.Channel).GetTrustAsync(
            new GetTrustRequest { PlantId = "berlin", AssetId = "plc-1" }, _server.As(Role.PlantAdmin, "berlin"));
        Assert.Equal(TrustTier.Reduced, trust.EnforcedTier);
        Assert.Contains(trust.Factors, f => f.Source == detection.Id);
    }
}
