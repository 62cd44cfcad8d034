using Npgsql;
using ZtFleet.Grains.Propagation;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>One conformance suite for every delta log store: PostgreSQL and memory must behave alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DeltaLogStoreTests(PostgresServer postgres)
{
    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Entries_come_back_in_epoch_order_after_a_given_epoch(string kind)
    {
        var store = await CreateAsync(kind);
        for (var epoch = 1; epoch <= 5; epoch++)
        {
            await store.AppendAsync("berlin", Record(epoch, $"key-{epoch}"));
        }

        await store.AppendAsync("austin", Record(1, "other-plant"));

        Assert.Equal([3L, 4L, 5L], (await store.ReadAsync("berlin", 2, 100)).Select(r => r.Epoch));
        Assert.Equal([1L, 2L], (await store.ReadAsync("berlin", 0, 2)).Select(r => r.Epoch));
        Assert.Equal(5, await store.LastEpochAsync("berlin"));
        Assert.Equal(0, await store.LastEpochAsync("nowhere"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_retried_command_finds_its_first_append_and_stores_nothing_twice(string kind)
    {
        var store = await CreateAsync(kind);
        await store.AppendAsync("berlin", Record(1, "revoke-42"));

        var retried = await store.AppendAsync("berlin", Record(2, "revoke-42"));

        Assert.Equal(new DeltaAppendResult(1, Duplicate: true), retried);
        Assert.Equal(1, await store.LastEpochAsync("berlin"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_stale_writer_cannot_overwrite_an_epoch(string kind)
    {
        var store = await CreateAsync(kind);
        await store.AppendAsync("berlin", Record(1, "first"));

        await Assert.ThrowsAsync<DeltaEpochConflictException>(() => store.AppendAsync("berlin", Record(1, "second")));

        var only = Assert.Single(await store.ReadAsync("berlin", 0, 10));
        Assert.Equal("first", only.IdempotencyKey);
    }

    private static DeltaRecord Record(long epoch, string? key) =>
        new(epoch, "identity-changed", $$"""{"kind":"identity-changed","epoch":{{epoch}}}""", key, new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero));

    private async Task<IDeltaLogStore> CreateAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryDeltaLogStore();
        }

        var connectionString = await postgres.CreateDatabaseAsync("delta-log");
        await DatabaseSchema.ApplyAsync(connectionString);
        return new PostgresDeltaLogStore(NpgsqlDataSource.Create(connectionString));
    }
}
