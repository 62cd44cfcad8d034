using Npgsql;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>One conformance suite for every acknowledgement store: PostgreSQL and memory must behave alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class AcknowledgementStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task When_a_point_applied_an_epoch_is_its_first_acknowledgement_at_or_after_it(string kind)
    {
        var store = await CreateAsync(kind);
        await store.AppendAsync("gw-1", 3, Start);
        await store.AppendAsync("gw-1", 7, Start.AddSeconds(5));
        await store.AppendAsync("gw-1", 7, Start.AddSeconds(9));
        await store.AppendAsync("gw-2", 5, Start.AddSeconds(1));

        Assert.Equal(Start, await store.FirstAtOrAfterAsync("gw-1", 1));
        Assert.Equal(Start.AddSeconds(5), await store.FirstAtOrAfterAsync("gw-1", 4));
        Assert.Equal(Start.AddSeconds(5), await store.FirstAtOrAfterAsync("gw-1", 7));
        Assert.Null(await store.FirstAtOrAfterAsync("gw-1", 8));
        Assert.Null(await store.FirstAtOrAfterAsync("gw-3", 1));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Pruning_keeps_the_newest_acknowledgements_of_that_point_only(string kind)
    {
        var store = await CreateAsync(kind);
        for (var epoch = 1; epoch <= 10; epoch++)
        {
            await store.AppendAsync("gw-1", epoch, Start.AddSeconds(epoch));
            await store.AppendAsync("gw-2", epoch, Start.AddSeconds(epoch));
        }

        await store.PruneAsync("gw-1", 3);

        Assert.Equal(Start.AddSeconds(8), await store.FirstAtOrAfterAsync("gw-1", 1));
        Assert.Equal(Start.AddSeconds(1), await store.FirstAtOrAfterAsync("gw-2", 1));
    }

    private async Task<IAcknowledgementStore> CreateAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryAcknowledgementStore();
        }

        var connectionString = await postgres.CreateDatabaseAsync("acknowledgements");
        await DatabaseSchema.ApplyAsync(connectionString);
        return new PostgresAcknowledgementStore(NpgsqlDataSource.Create(connectionString));
    }
}
