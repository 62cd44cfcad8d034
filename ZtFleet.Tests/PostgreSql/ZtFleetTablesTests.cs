using Npgsql;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

[Collection(PostgresServerCollection.Name)]
public sealed class ZtFleetTablesTests(PostgresServer server) : IAsyncLifetime
{
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await server.CreateDatabaseAsync(nameof(ZtFleetTablesTests));
        await DatabaseSchema.ApplyAsync(connectionString);
        _database = NpgsqlDataSource.Create(connectionString);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Audit_records_can_be_appended_but_never_changed_or_removed()
    {
        const string Append = """
            INSERT INTO audit_record (scope, seq, plant_id, at, actor, action, target, outcome, detail, prev_hash, hash)
            VALUES ('plant-a', 1, 'plant-a', now(), 'alice', 'grant.revoke', 'identity/bob', 'ok', '{"reason":"left"}',
                    '\x00', '\x01')
            """;
        await ExecuteAsync(Append);

        foreach (var change in (string[])
        [
            "UPDATE audit_record SET outcome = 'denied' WHERE scope = 'plant-a' AND seq = 1",
            "DELETE FROM audit_record WHERE scope = 'plant-a' AND seq = 1",
            "TRUNCATE audit_record",
        ])
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(change));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
            Assert.Contains("append-only", refused.MessageText);
        }

        // Nor can a second record take the same place in the chain.
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(Append));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);

        Assert.Equal("ok", await ScalarAsync<string>("SELECT outcome FROM audit_record WHERE scope = 'plant-a' AND seq = 1"));
    }

    [Fact]
    public async Task A_plant_epoch_is_stored_once()
    {
        await ExecuteAsync("INSERT INTO plant_delta (plant_id, epoch, kind, payload) VALUES ('plant-e', 1, 'grant', '{}')");
        await ExecuteAsync("INSERT INTO plant_delta (plant_id, epoch, kind, payload) VALUES ('plant-f', 1, 'grant', '{}')");

        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            "INSERT INTO plant_delta (plant_id, epoch, kind, payload) VALUES ('plant-e', 1, 'revoke', '{}')"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
        Assert.Equal("plant_delta_pkey", duplicate.ConstraintName);
    }

    [Fact]
    public async Task An_idempotency_key_appends_once_per_plant()
    {
        await ExecuteAsync("""
            INSERT INTO plant_delta (plant_id, epoch, kind, payload, idempotency_key) VALUES
                ('plant-i', 1, 'grant', '{}', 'cmd-1'),
                ('plant-i', 2, 'grant', '{}', NULL),
                ('plant-i', 3, 'grant', '{}', NULL),
                ('plant-j', 1, 'grant', '{}', 'cmd-1')
            """);

        var retried = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            "INSERT INTO plant_delta (plant_id, epoch, kind, payload, idempotency_key) VALUES ('plant-i', 4, 'grant', '{}', 'cmd-1')"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, retried.SqlState);
        Assert.Equal("plant_delta_idempotency", retried.ConstraintName);
        Assert.Equal(3L, await ScalarAsync<long>("SELECT count(*) FROM plant_delta WHERE plant_id = 'plant-i'"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
