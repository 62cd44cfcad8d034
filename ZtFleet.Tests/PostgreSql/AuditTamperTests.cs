using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Audit;
using ZtFleet.Tests.Infrastructure;
using Domain = ZtFleet.Policy.Audit;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// Tampering done directly in PostgreSQL, past the append-only triggers (as a database owner could): verification
/// through <c>AuditService/VerifyAuditChain</c> names the first broken record and why.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class AuditTamperTests(PostgresServer postgres) : IDisposable
{
    private const string Scope = "berlin";
    private static readonly DateTimeOffset At = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Directory.CreateTempSubdirectory("ztfleet-audit-pg-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_changed_detail_is_named_as_content_changed()
    {
        var (server, database) = await StartAsync("audit-changed");
        await using var _ = server;
        await AppendAsync(server, 10);
        var listed = await Audit(server).ListAuditRecordsAsync(
            new ListAuditRecordsRequest { Scope = Scope, Actor = "alice", ActionPrefix = "test.o", OldestFirst = true, PageSize = 2 }, server.As(Role.Auditor));
        Assert.Equal([1L, 3L], listed.Records.Select(r => r.Sequence));
        Assert.True((await VerifyAsync(server)).Intact);

        await TamperAsync(database, """UPDATE audit_record SET detail = '{"n":600}' WHERE scope = 'berlin' AND seq = 6""");

        var verification = await VerifyAsync(server);
        Assert.Equal((false, 6L, AuditBreakReason.ContentChanged), (verification.Intact, verification.FirstBrokenSequence, verification.Reason));
    }

    [Fact]
    public async Task A_deleted_middle_record_is_named_as_missing()
    {
        var (server, database) = await StartAsync("audit-deleted");
        await using var _ = server;
        await AppendAsync(server, 10);

        await TamperAsync(database, "DELETE FROM audit_record WHERE scope = 'berlin' AND seq = 4");

        var verification = await VerifyAsync(server);
        Assert.Equal((false, 4L, AuditBreakReason.RecordMissing), (verification.Intact, verification.FirstBrokenSequence, verification.Reason));
        Assert.Contains("goes from 3 to 5", verification.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cut_tail_is_named_by_the_grains_head_and_after_a_restart_by_the_stored_signed_checkpoint()
    {
        var (server, database) = await StartAsync("audit-cut");
        await using var _ = server;
        await AppendAsync(server, 10);
        var checkpoint = await server.ApiServices.GetRequiredService<IClusterClient>().GetGrain<IAuditGrain>(Scope).CheckpointAsync();
        Assert.Equal(10L, checkpoint!.Sequence);

        await TamperAsync(database, "DELETE FROM audit_record WHERE scope = 'berlin' AND seq >= 8");

        var whileActive = await VerifyAsync(server);
        await server.RestartSiloAsync();
        var afterRestart = await AfterRestart.RetryAsync(() => VerifyAsync(server));

        Assert.Equal((false, 8L, AuditBreakReason.TailCut), (whileActive.Intact, whileActive.FirstBrokenSequence, whileActive.Reason));
        Assert.Equal((false, 8L, AuditBreakReason.TailCut), (afterRestart.Intact, afterRestart.FirstBrokenSequence, afterRestart.Reason));
        Assert.Contains("signed checkpoint says it reached 10", afterRestart.Explanation, StringComparison.Ordinal);
        Assert.Equal([(10L, true)], afterRestart.Checkpoints.Select(c => (c.Checkpoint.Sequence, c.SignatureValid)));
    }

    private async Task<(ApiServer Server, string Database)> StartAsync(string purpose)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(_folder, purpose + ".pem");
        await File.WriteAllTextAsync(path, key.ExportPkcs8PrivateKeyPem());
        var database = await postgres.CreateDatabaseAsync(purpose);
        var server = new ApiServer(database)
        {
            ConfigureSilo = silo => silo.Services.Configure<AuditCheckpointOptions>(o => o.SigningKey = path),
        };
        await server.InitializeAsync();
        return (server, database);
    }

    private static AuditService.AuditServiceClient Audit(ApiServer server) => new(server.Channel);

    private static async Task<VerifyAuditChainResponse> VerifyAsync(ApiServer server) =>
        await Audit(server).VerifyAuditChainAsync(new VerifyAuditChainRequest { Scope = Scope }, server.As(Role.Auditor));

    private static async Task AppendAsync(ApiServer server, int count)
    {
        var entries = Enumerable.Range(1, count)
            .Select(i => new Domain.AuditEntry(Scope, At.AddSeconds(i), i % 2 == 0 ? "bob (auditor)" : "alice (plant-admin)",
                i % 2 == 0 ? "test.even" : "test.odd", $"asset-{i}", "done", $$"""{"n":{{i}}}"""))
            .ToList();
        await server.ApiServices.GetRequiredService<IClusterClient>().GetGrain<IAuditGrain>(Scope).AppendBatchAsync(entries);
    }

    /// <summary>What an owner bent on hiding something could do: lift the append-only trigger, change, restore it.</summary>
    private static async Task TamperAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only; {sql}; ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only;", connection);
        await command.ExecuteNonQueryAsync();
    }
}
