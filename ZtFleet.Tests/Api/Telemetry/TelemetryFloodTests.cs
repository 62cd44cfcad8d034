using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Api.Telemetry.TelemetryStream;

namespace ZtFleet.Tests.Api.Telemetry;

/// <summary>
/// A sender over its share (here 1,000 events/s with a burst of 1,000) is slowed, never dropped, and the time it was
/// held back is counted; another sender of the same plant, under its share, is not held back at all.
/// </summary>
public sealed class TelemetryFloodTests : IAsyncLifetime
{
    private readonly ApiServer _server = new()
    {
        ApiConfiguration =
        {
            ["ZtFleet:Telemetry:EventsPerSecond"] = "1000",
            ["ZtFleet:Telemetry:Burst"] = "1000",
        },
    };

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        await _server.ApplyAsync(TestFleets.TwoPlants);
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_flooding_sender_is_slowed_not_dropped_and_another_sender_is_not_held_back()
    {
        var flooder = await EnrollAsync(_server, "gw-flood", "berlin", EnrollmentKind.Unspecified);
        var quiet = await EnrollAsync(_server, "zeek-quiet", "berlin", EnrollmentKind.Sensor);
        await using var flooding = await OpenAsync(_server, flooder);
        await using var calm = await OpenAsync(_server, quiet);

        var flood = Task.Run(async () =>
        {
            var acks = new List<IngestAck>();
            for (ulong sequence = 1; sequence <= 3; sequence++)
            {
                acks.Add(await flooding.SendAsync(Batch(sequence, "berlin", [.. Enumerable.Range(0, 1000).Select(_ => Modbus("10.0.21.20", "10.0.21.11"))])));
            }

            return acks;
        });
        var quietAcks = new List<IngestAck>();
        for (ulong sequence = 1; sequence <= 5; sequence++)
        {
            quietAcks.Add(await calm.SendAsync(Batch(sequence, "berlin", [.. Enumerable.Range(0, 10).Select(_ => Modbus("10.0.30.10", "10.0.21.11"))])));
        }

        Assert.All(await flood, ack => Assert.Equal((IngestResult.Accepted, 1000u), (ack.Result, ack.EventsAccepted)));
        Assert.All(quietAcks, ack => Assert.Equal(IngestResult.Accepted, ack.Result));

        var status = await new TelemetryService.TelemetryServiceClient(_server.Channel)
            .GetTelemetryStatusAsync(new GetTelemetryStatusRequest { PlantId = "berlin" }, _server.As(Role.Auditor));
        var flooded = Assert.Single(status.Senders, s => s.SenderId == "gw-flood");
        var calmed = Assert.Single(status.Senders, s => s.SenderId == "zeek-quiet");
        Assert.Equal((3000L, 0L), (flooded.EventsAccepted, flooded.EventsRefused));
        Assert.True(flooded.ThrottledMs >= 1000, $"the flooding sender was held back {flooded.ThrottledMs} ms");
        Assert.Equal((50L, 0L), (calmed.EventsAccepted, calmed.ThrottledMs));
    }
}
