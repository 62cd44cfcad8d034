using Grpc.Core;
using Xunit.Abstractions;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// An apply decided just before PostgreSQL starts refusing connections: it is finished by the control plane on its
/// own once the server accepts again, and every read path then agrees.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ApplyOnRefusingDatabaseTests(PostgresServer postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task An_apply_decided_before_the_database_refuses_connections_commits_once_it_accepts_again()
    {
        var refuse = new RefuseAfterDecision(postgres.AdminConnectionString);
        await using var server = new ApiServer(await postgres.CreateDatabaseAsync("apply-refused")) { ConfigureSilo = refuse.Install };
        await server.InitializeAsync();
        var admin = server.As(Role.FleetAdmin);
        var fleet = new FleetService.FleetServiceClient(server.Channel);

        // The answer comes while the server refuses: COMMITTING, or UNAVAILABLE when even its audit record cannot be
        // written. Either way nothing is lost: the apply was decided.
        var answer = fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin).ResponseAsync;
        await refuse.Refusing;
        try
        {
            var first = await answer;
            Assert.True(first.Applied);
            Assert.Equal(ApplyState.Committing, first.State);
            output.WriteLine($"answered while refused: {first.State}, apply {first.ApplyId}");
        }
        catch (RpcException ex)
        {
            Assert.Equal(StatusCode.Unavailable, ex.StatusCode);
            output.WriteLine($"answered while refused: {ex.Status}");
        }

        // A few commit rounds meet the refusing server before it accepts again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        await refuse.AcceptAgainAsync();

        var deadline = DateTime.UtcNow + Deadline;
        ListPlantsResponse plants;
        while (true)
        {
            plants = await fleet.ListPlantsAsync(new ListPlantsRequest(), admin);
            if (plants.CommittingApplyId.Length == 0 && plants.Plants.Count == 2)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The apply did not finish within {Deadline}: {plants.Plants.Count} plants listed, committing apply '{plants.CommittingApplyId}'.");
            await Task.Delay(200);
        }

        output.WriteLine($"committed {Deadline - (deadline - DateTime.UtcNow):g} after the server accepted again");
        Assert.Equal(["austin", "berlin"], plants.Plants.Select(p => p.PlantId));
        Assert.Equal(string.Empty, (await fleet.ExportFleetAsync(new ExportFleetRequest(), admin)).CommittingApplyId);
        Assert.Equal("V2.9.4", (await fleet.GetAssetAsync(new GetAssetRequest { PlantId = "berlin", AssetId = "plc-1" }, admin)).Asset.Firmware);
        var ruleset = await new FlowService.FlowServiceClient(server.Channel).GetRulesetAsync(
            new GetRulesetRequest { PlantId = "berlin", ZoneId = "cell-1", Format = RulesetFormat.Nftables }, admin);
        Assert.StartsWith("# ZtFleet ruleset: plant berlin", ruleset.Ruleset, StringComparison.Ordinal);

        // Its fleet version was recorded by the same retries: decided, so versioned.
        var version = Assert.Single((await fleet.ListFleetVersionsAsync(new ListFleetVersionsRequest(), admin)).Versions);
        Assert.Equal(1, version.Version);

        // The same document again: already in force, nothing to do.
        var again = await fleet.ApplyFleetAsync(new ApplyFleetRequest { Document = TestFleets.TwoPlants }, admin);
        Assert.False(again.Applied);
        Assert.Empty(again.Changes);
        Assert.Equal(ApplyState.Committed, again.State);
    }
}
