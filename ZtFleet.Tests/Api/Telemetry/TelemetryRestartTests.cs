using ZtFleet.Api.V1;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Api.Telemetry.TelemetryStream;

namespace ZtFleet.Tests.Api.Telemetry;

/// <summary>On PostgreSQL, a sender's acknowledged sequence and counters survive a silo restart: a replay still counts once.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class TelemetryRestartTests(PostgresServer postgres)
{
    [Fact]
    public async Task A_batch_replayed_after_a_silo_restart_counts_once()
    {
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("telemetry-restart"));
        await server.InitializeAsync();
        await server.ApplyAsync(TestFleets.TwoPlants);
        var point = await EnrollAsync(server, "gw-berlin", "berlin", EnrollmentKind.Unspecified);
        var batch = Batch(1, "berlin", Modbus("10.0.21.20", "10.0.21.11"), Modbus("10.66.6.6", "10.0.21.11"));
        await using (var stream = await OpenAsync(server, point))
        {
            Assert.Equal(IngestResult.Accepted, (await stream.SendAsync(batch)).Result);
        }

        await server.RestartSiloAsync();

        var replayed = await AfterRestart.RetryAsync(async () =>
        {
            await using var stream = await OpenAsync(server, point);
            Assert.Equal(1ul, stream.First.AcknowledgedSequence);
            return await stream.SendAsync(batch);
        });
        Assert.Equal(IngestResult.Duplicate, replayed.Result);

        var status = await new TelemetryService.TelemetryServiceClient(server.Channel)
            .GetTelemetryStatusAsync(new GetTelemetryStatusRequest { PlantId = "berlin" }, server.As(Role.Auditor));
        var sender = Assert.Single(status.Senders);
        Assert.Equal((1ul, 1L, 2L, 1L), (sender.AcknowledgedSequence, sender.Batches, sender.EventsAccepted, sender.UninventoriedEvents));
        Assert.True(sender.DuplicateBatches >= 1);
    }
}
