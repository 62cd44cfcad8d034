using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ZtFleet.Silo.Database;

/// <summary>
/// Applies the versioned SQL files under <c>db/</c> (Orleans clustering, grain state and reminders, and
/// ZtFleet's own tables) to a PostgreSQL database.
/// </summary>
/// <remarks>
/// Each pending file runs in its own transaction together with its <c>schema_version</c> row, so a file is
/// either applied and recorded or not at all. Every transaction first takes a transaction-scoped advisory lock,
/// so silos starting at the same time against one database apply each file exactly once, one after the other.
/// A file that was applied before is skipped, unless its SHA-256 no longer matches the recorded one: then the
/// database and this build disagree about what the schema is, and the applier refuses rather than guess.
/// Objects are created in the first schema of the connection's search_path.
/// </remarks>
public static partial class DatabaseSchema
{
    /// <summary>The folder, next to the running assembly, where the build copies <c>db/*.sql</c>.</summary>
    public static string DefaultDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "db");

    // "ztfleet" in ASCII: one fixed key per database, shared by every ZtFleet process.
    private const long AdvisoryLockKey = 0x7A74666C656574;

    private const string CreateVersionTable = """
        CREATE TABLE schema_version (
            version    integer     PRIMARY KEY,
            name       text        NOT NULL,
            sha256     text        NOT NULL,
            applied_at timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies the pending files of <see cref="DefaultDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">No schema files were found, or an applied file changed.</exception>
    public static Task ApplyAsync(string connectionString, ILogger? logger = null, CancellationToken ct = default) =>
        ApplyAsync(connectionString, DefaultDirectory, logger, ct);

    /// <summary>Applies the pending files of <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">No schema files were found, or an applied file changed.</exception>
    public static async Task ApplyAsync(
        string connectionString, string directory, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var files = LoadFiles(directory);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);

        var applied = 0;
        foreach (var file in files)
        {
            if (await ApplyFileAsync(connection, file, ct))
            {
                applied++;
                logger?.LogInformation(
                    "Applied database schema file {Version:D4}_{Name} ({Sha256})", file.Version, file.Name, file.Sha256);
            }
        }

        var newer = await ReadVersionsAboveAsync(connection, files[^1].Version, ct);
        if (newer.Count > 0)
        {
            // A newer build has migrated this database (a rolling upgrade): its files only ever add, so an
            // older silo keeps working, but someone should know.
            logger?.LogWarning(
                "The database has schema versions this build does not know: {Versions}", string.Join(", ", newer));
        }

        logger?.LogInformation(
            "Database schema is at version {Version:D4} ({Applied} file(s) applied now, {Total} known)",
            files[^1].Version, applied, files.Count);
    }

    /// <summary>Reads and orders the schema files of <paramref name="directory"/>.</summary>
    /// <exception cref="InvalidOperationException">The folder is missing or empty, a file name does not follow
    /// <c>NNNN_name.sql</c>, or two files share a version.</exception>
    public static IReadOnlyList<SchemaFile> LoadFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException(
                $"Database schema folder '{directory}' does not exist. The build copies db/*.sql next to the " +
                "ZtFleet.Silo assembly; a process that applies the schema must reference ZtFleet.Silo.");
        }

        var files = new List<SchemaFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            var fileName = Path.GetFileName(path);
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Database schema file '{path}' is not named NNNN_name.sql (for example 0003_audit_index.sql).");
            }

            var sql = File.ReadAllText(path);
            files.Add(new SchemaFile(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                path,
                sql,
                Hash(sql)));
        }

        if (files.Count == 0)
        {
            throw new InvalidOperationException($"Database schema folder '{directory}' holds no .sql file.");
        }

        files.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < files.Count; i++)
        {
            if (files[i].Version == files[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Database schema files '{files[i - 1].Path}' and '{files[i].Path}' share version {files[i].Version}.");
            }
        }

        return files;
    }

    /// <returns>True when the file was applied now, false when it had been applied before.</returns>
    private static async Task<bool> ApplyFileAsync(NpgsqlConnection connection, SchemaFile file, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);

        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction))
        {
            command.Parameters.AddWithValue("key", AdvisoryLockKey);
            await command.ExecuteNonQueryAsync(ct);
        }

        // Look before creating: CREATE TABLE IF NOT EXISTS needs the CREATE privilege even when the table exists,
        // and a silo may run with a role that can only use a schema an owner has already applied.
        await using (var command = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NULL", connection, transaction))
        {
            if ((bool)(await command.ExecuteScalarAsync(ct))!)
            {
                command.CommandText = CreateVersionTable;
                await command.ExecuteNonQueryAsync(ct);
            }
        }

        string? recorded;
        await using (var command = new NpgsqlCommand(
            "SELECT sha256 FROM schema_version WHERE version = @version", connection, transaction))
        {
            command.Parameters.AddWithValue("version", file.Version);
            recorded = (string?)await command.ExecuteScalarAsync(ct);
        }

        if (recorded is not null)
        {
            if (!string.Equals(recorded, file.Sha256, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Database schema file {file.Version:D4}_{file.Name} was applied with SHA-256 {recorded}, but " +
                    $"'{file.Path}' now has SHA-256 {file.Sha256}. Applied schema files must never change: restore " +
                    "the original file and put the change in a new numbered file.");
            }

            await transaction.CommitAsync(ct);
            return false;
        }

        await using (var command = new NpgsqlCommand(file.Sql, connection, transaction))
        {
            // A migration may rewrite a large table; the default 30 s would abort it half-way (and roll back).
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(ct);
        }

        await using (var command = new NpgsqlCommand(
            "INSERT INTO schema_version (version, name, sha256) VALUES (@version, @name, @sha256)",
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("version", file.Version);
            command.Parameters.AddWithValue("name", file.Name);
            command.Parameters.AddWithValue("sha256", file.Sha256);
            await command.ExecuteNonQueryAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return true;
    }

    private static async Task<List<int>> ReadVersionsAboveAsync(
        NpgsqlConnection connection, int version, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT version FROM schema_version WHERE version > @version ORDER BY version", connection);
        command.Parameters.AddWithValue("version", version);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var versions = new List<int>();
        while (await reader.ReadAsync(ct))
        {
            versions.Add(reader.GetInt32(0));
        }

        return versions;
    }

    private static string Hash(string sql)
    {
        var normalised = sql.ReplaceLineEndings("\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    [GeneratedRegex(@"^(?<version>\d{4,9})_(?<name>[A-Za-z0-9_\-]+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex FileNamePattern();
}
