using System.Text;
using Npgsql;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

[Collection(PostgresServerCollection.Name)]
public sealed class DatabaseSchemaTests(PostgresServer server)
{
    /// <summary>What schema_version records once every shipped file is applied ("1 orleans", "2 ztfleet", ...).</summary>
    private static readonly string[] Shipped = Directory.EnumerateFiles(DatabaseSchema.DefaultDirectory, "*.sql")
        .Select(Path.GetFileNameWithoutExtension)
        .Order(StringComparer.Ordinal)
        .Select(name => $"{int.Parse(name![..4], System.Globalization.CultureInfo.InvariantCulture)} {name[5..]}")
        .ToArray();

    private static readonly string[] OrleansQueryKeys =
    [
        // Clustering: the nine required keys and the optional single-row clean-up.
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
        "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        // Persistence, including DeleteStorageKey (needed for DeleteStateOnClear).
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        // Reminders.
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Applying_the_schema_twice_changes_nothing()
    {
        var database = await server.CreateDatabaseAsync(nameof(Applying_the_schema_twice_changes_nothing));

        await DatabaseSchema.ApplyAsync(database);
        var first = await DescribeAsync(database);
        await DatabaseSchema.ApplyAsync(database);
        var second = await DescribeAsync(database);

        Assert.Equal(first, second);
        Assert.Equal(
            Shipped,
            await QueryAsync(database, "SELECT version || ' ' || name FROM schema_version ORDER BY version"));
        Assert.Equal(
            OrleansQueryKeys.Order(StringComparer.Ordinal),
            await QueryAsync(database, "SELECT querykey FROM orleansquery ORDER BY querykey COLLATE \"C\""));
    }

    [Fact]
    public async Task Every_time_column_keeps_its_time_zone()
    {
        var database = await server.CreateDatabaseAsync(nameof(Every_time_column_keeps_its_time_zone));
        await DatabaseSchema.ApplyAsync(database);

        Assert.Empty(await QueryAsync(database, """
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND data_type = 'timestamp without time zone'
            """));
    }

    [Fact]
    public async Task Concurrent_appliers_apply_each_file_once()
    {
        var database = await server.CreateDatabaseAsync(nameof(Concurrent_appliers_apply_each_file_once));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => DatabaseSchema.ApplyAsync(database))));

        Assert.Equal(
            Shipped,
            await QueryAsync(database, "SELECT version || ' ' || name FROM schema_version ORDER BY version"));
    }

    [Fact]
    public async Task A_changed_applied_file_is_refused()
    {
        var database = await server.CreateDatabaseAsync(nameof(A_changed_applied_file_is_refused));
        using var folder = new SchemaFolderCopy();
        await DatabaseSchema.ApplyAsync(database, folder.Path);

        var file = Path.Combine(folder.Path, "0002_ztfleet.sql");
        await File.AppendAllTextAsync(file, "\n-- edited after it was applied\n");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => DatabaseSchema.ApplyAsync(database, folder.Path));
        Assert.Contains("0002_ztfleet", refused.Message);
        Assert.Contains("must never change", refused.Message);
    }

    [Fact]
    public async Task Line_endings_alone_do_not_count_as_a_change()
    {
        var database = await server.CreateDatabaseAsync(nameof(Line_endings_alone_do_not_count_as_a_change));
        using var folder = new SchemaFolderCopy();
        await DatabaseSchema.ApplyAsync(database, folder.Path);

        var file = Path.Combine(folder.Path, "0001_orleans.sql");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).ReplaceLineEndings("\r\n"));

        await DatabaseSchema.ApplyAsync(database, folder.Path);
    }

    [Fact]
    public async Task A_new_file_is_applied_after_the_recorded_ones()
    {
        var database = await server.CreateDatabaseAsync(nameof(A_new_file_is_applied_after_the_recorded_ones));
        using var folder = new SchemaFolderCopy();
        await DatabaseSchema.ApplyAsync(database, folder.Path);

        await File.WriteAllTextAsync(
            Path.Combine(folder.Path, "0900_extra.sql"), "CREATE TABLE extra (id integer PRIMARY KEY);\n");
        await DatabaseSchema.ApplyAsync(database, folder.Path);

        Assert.Equal(
            [.. Shipped, "900 extra"],
            await QueryAsync(database, "SELECT version || ' ' || name FROM schema_version ORDER BY version"));
        Assert.Equal(["extra"], await QueryAsync(database, "SELECT to_regclass('extra')::text"));
    }

    [Fact]
    public async Task A_failing_file_leaves_nothing_behind()
    {
        var database = await server.CreateDatabaseAsync(nameof(A_failing_file_leaves_nothing_behind));
        using var folder = new SchemaFolderCopy();
        await DatabaseSchema.ApplyAsync(database, folder.Path);

        await File.WriteAllTextAsync(
            Path.Combine(folder.Path, "0900_broken.sql"), "CREATE TABLE half_done (id integer);\nSELECT 1 / 0;\n");

        await Assert.ThrowsAsync<PostgresException>(() => DatabaseSchema.ApplyAsync(database, folder.Path));
        Assert.Equal([Shipped[^1].Split(' ')[0]], await QueryAsync(database, "SELECT max(version)::text FROM schema_version"));
        Assert.Equal([""], await QueryAsync(database, "SELECT coalesce(to_regclass('half_done')::text, '')"));
    }

    [Fact]
    public async Task A_role_without_the_create_privilege_can_start_on_an_applied_schema()
    {
        var database = await server.CreateDatabaseAsync(nameof(A_role_without_the_create_privilege_can_start_on_an_applied_schema));
        await DatabaseSchema.ApplyAsync(database);
        var role = $"zt_app_{Guid.NewGuid().ToString("N")[..12]}";
        await ExecuteAsync(database, $"CREATE ROLE {role} LOGIN; GRANT SELECT ON schema_version TO {role}");
        try
        {
            var asApplication = new NpgsqlConnectionStringBuilder(database) { Username = role, Password = null };

            await DatabaseSchema.ApplyAsync(asApplication.ConnectionString);

            var refused = await Assert.ThrowsAsync<PostgresException>(
                () => ExecuteAsync(asApplication.ConnectionString, "CREATE TABLE proof_of_no_create (id integer)"));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteAsync(database, $"DROP OWNED BY {role}; DROP ROLE {role}");
        }
    }

    /// <summary>
    /// Everything applying the schema could change: recorded versions (with their time), object identities
    /// (a dropped and re-created table gets a new oid), columns, indexes, triggers, functions and the queries.
    /// </summary>
    private static async Task<string> DescribeAsync(string database)
    {
        var description = new StringBuilder();
        foreach (var sql in (string[])
        [
            "SELECT version || ' ' || name || ' ' || sha256 || ' ' || applied_at FROM schema_version ORDER BY version",
            "SELECT relname || ' ' || relkind::text || ' ' || oid FROM pg_class WHERE relnamespace = current_schema()::regnamespace ORDER BY relname",
            """
            SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
            FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position
            """,
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname",
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname",
            "SELECT proname || ' ' || md5(prosrc) FROM pg_proc WHERE pronamespace = current_schema()::regnamespace ORDER BY proname",
            "SELECT querykey || ' ' || md5(querytext) FROM orleansquery ORDER BY querykey",
        ])
        {
            description.AppendJoin('\n', await QueryAsync(database, sql)).Append("\n--\n");
        }

        return description.ToString();
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> QueryAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    /// <summary>A private copy of the shipped schema files that a test may change.</summary>
    private sealed class SchemaFolderCopy : IDisposable
    {
        public SchemaFolderCopy()
        {
            Directory.CreateDirectory(Path);
            foreach (var file in Directory.EnumerateFiles(DatabaseSchema.DefaultDirectory, "*.sql"))
            {
                File.Copy(file, System.IO.Path.Combine(Path, System.IO.Path.GetFileName(file)));
            }
        }

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ztfleet-db-{Guid.NewGuid():N}");

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
