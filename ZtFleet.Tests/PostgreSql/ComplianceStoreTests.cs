using Npgsql;
using ZtFleet.Grains.Compliance;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Plan;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;
using static ZtFleet.Tests.Policy.Compliance.AssessmentSamples;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>One conformance suite for every compliance store: PostgreSQL and memory must behave alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ComplianceStoreTests(PostgresServer postgres)
{
    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Assessments_read_back_whole_and_list_newest_first_by_scope_in_pages(string kind)
    {
        var store = await CreateAsync(kind);
        var ids = Enumerable.Range(0, 5).Select(day => ComplianceGrain.NewId(T0.AddDays(day))).ToList();
        for (var day = 0; day < 5; day++)
        {
            await store.AddAsync("berlin", Assessment(T0.AddDays(day), ids[day], mfa: day >= 2));
        }

        await store.AddAsync("fleet", Assessment(T0, ComplianceGrain.NewId(T0), plant: null) with { Plant = null });

        var first = await store.ListAsync("berlin", null, 2);
        var second = await store.ListAsync("berlin", first.Next, 2);
        var last = await store.ListAsync("berlin", second.Next, 2);
        var read = await store.GetAsync("berlin", ids[3]);
        var series = await store.SeriesAsync("berlin", ids[3], 3);

        Assert.Equal([ids[4], ids[3]], first.Assessments.Select(a => a.Id));
        Assert.Equal([ids[2], ids[1]], second.Assessments.Select(a => a.Id));
        Assert.Equal([ids[0]], last.Assessments.Select(a => a.Id));
        Assert.Null(last.Next);
        Assert.Equal(ComplianceSummary.Of(Assessment(T0.AddDays(4), ids[4], mfa: true)) with { Maturity = first.Assessments[0].Maturity }, first.Assessments[0]);
        Assert.Equal(MaturityStage.Advanced, first.Assessments[0].Maturity[MaturityPillar.Identity]);
        var expected = Assessment(T0.AddDays(3), ids[3], mfa: true);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(expected, ZtFleet.Grains.Hosting.ZtFleetSerialization.JsonOptions), System.Text.Json.JsonSerializer.Serialize(read, ZtFleet.Grains.Hosting.ZtFleetSerialization.JsonOptions));
        Assert.Null(await store.GetAsync("fleet", ids[3]));
        Assert.Equal([ids[3], ids[2], ids[1]], series.Select(p => p.Id));
        Assert.Equal("2", series[0].State["sl/berlin/cell-1/fr1"]);
        Assert.Equal("1", series[2].State["sl/berlin/cell-1/fr1"]);
        Assert.Single((await store.ListAsync("fleet", null, 10)).Assessments);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Action_statuses_keep_the_latest_and_the_whole_history(string kind)
    {
        var store = await CreateAsync(kind);
        var action = ImprovementPlanner.ActionId(Berlin, "identities.mfa");
        var fleetWide = ImprovementPlanner.ActionId(null, "identities.mfa");
        var accepted = new ActionStatusRecord(action, Berlin, ActionStatus.Accepted, "alice (plant-admin)", T0, "planned", null);
        var risk = new ActionStatusRecord(action, Berlin, ActionStatus.RiskAccepted, "bob (fleet-admin)", T0.AddDays(1), "contract ends", T0.AddDays(60));
        var fleet = new ActionStatusRecord(fleetWide, null, ActionStatus.InProgress, "bob (fleet-admin)", T0, null, null);

        await store.SetStatusAsync(accepted);
        await store.SetStatusAsync(risk);
        await store.SetStatusAsync(fleet);
        var statuses = await store.StatusesAsync([action, fleetWide, "act-0000000000000000"]);
        var history = await store.HistoryAsync(action);

        Assert.Equal(2, statuses.Count);
        Assert.Equal(risk, statuses[action]);
        Assert.Equal(fleet, statuses[fleetWide]);
        Assert.Equal([accepted, risk], history);
        Assert.Empty(await store.StatusesAsync([]));
    }

    private async Task<IComplianceStore> CreateAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryComplianceStore();
        }

        var connectionString = await postgres.CreateDatabaseAsync("compliance");
        await DatabaseSchema.ApplyAsync(connectionString);
        return new PostgresComplianceStore(NpgsqlDataSource.Create(connectionString));
    }
}
