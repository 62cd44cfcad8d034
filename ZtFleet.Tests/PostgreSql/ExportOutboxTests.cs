using Npgsql;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Export;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>The export outbox in PostgreSQL: positions in order, never visible out of order, audit records exported with their append.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ExportOutboxTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Appended_batches_read_back_in_order_with_increasing_positions()
    {
        var (outbox, _) = await CreateAsync("export-order");
        var first = await outbox.AppendAsync([Record("berlin", 1), Record("austin", 2), Record(null, 3)]);
        var second = await outbox.AppendAsync([Record("berlin", 4)]);

        Assert.Equal([1L, 2L, 3L, 4L], first.Concat(second).Select(r => r.Position));
        var read = await outbox.ReadAsync(0, 10);
        Assert.Equal(first.Concat(second), read);
        Assert.Equal([3L, 4L], (await outbox.ReadAsync(2, 10)).Select(r => r.Position));
        Assert.Equal([1L, 2L], (await outbox.ReadAsync(0, 2)).Select(r => r.Position));
        Assert.Null(read[2].Plant);
        Assert.Equal(Severity.High, read[0].Severity);
    }

    [Fact]
    public async Task A_reader_following_concurrent_appenders_never_skips_a_position()
    {
        var (outbox, _) = await CreateAsync("export-concurrent");
        const int Appenders = 6;
        const int Batches = 60;
        using var done = new CancellationTokenSource();
        var seen = new List<long>();
        var reader = Task.Run(async () =>
        {
            long cursor = 0;
            while (true)
            {
                var finished = done.IsCancellationRequested;
                var page = await outbox.ReadAsync(cursor, 500);
                foreach (var record in page)
                {
                    seen.Add(record.Position);
                }

                cursor = page.Count > 0 ? page[^1].Position : cursor;
                if (finished && page.Count == 0)
                {
                    return;
                }
            }
        });

        var appended = await Task.WhenAll(Enumerable.Range(0, Appenders).Select(a => Task.Run(async () =>
        {
            var positions = new List<long>();
            for (var b = 0; b < Batches; b++)
            {
                var stored = await outbox.AppendAsync(Enumerable.Range(0, 1 + (b % 5)).Select(i => Record($"plant-{a}", i)).ToList());
                positions.AddRange(stored.Select(r => r.Position));
            }

            return positions;
        })));
        await done.CancelAsync();
        await reader;

        // Everything appended was read, once, in increasing order: no position became visible behind the reader.
        Assert.Equal(appended.SelectMany(p => p).Order(), seen);
        Assert.True(seen.Zip(seen.Skip(1)).All(pair => pair.First < pair.Second));
    }

    [Fact]
    public async Task An_audit_record_and_its_export_record_are_written_together_and_kind_follows_the_action()
    {
        var (outbox, connectionString) = await CreateAsync("export-audit");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var store = new PostgresAuditStore(dataSource, exportAudit: true);
        (string Action, string Outcome)[] actions =
            [("mfa.lockout", "locked-out"), ("identity.lock", "locked"), ("access.approve", "active"), ("quarantine.request", "requested"), ("fleet.apply", "applied")];
        var previous = AuditChain.Genesis;
        for (var i = 0; i < actions.Length; i++)
        {
            var record = AuditChain.Append(i + 1, new AuditEntry("berlin", T0.AddSeconds(i), "carol", actions[i].Action, "x", actions[i].Outcome, "{}"), previous);
            await store.AppendAsync("berlin", record);
            previous = record.Hash;
        }

        // A second record at the same place in the chain is refused, and no export record is left behind.
        var duplicate = AuditChain.Append(1, new AuditEntry("berlin", T0, "carol", "identity.lock", "x", "ok", "{}"), AuditChain.Genesis);
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendAsync("berlin", duplicate));

        var exported = await outbox.ReadAsync(0, 100);
        Assert.Equal(
            [ExportKind.Authentication, ExportKind.UserManagement, ExportKind.UserManagement, ExportKind.Remediation, ExportKind.Audit],
            exported.Select(r => r.Kind));
        Assert.All(exported, r => Assert.Equal("berlin", r.Plant));
        Assert.Equal(Severity.Medium, exported[0].Severity);
        Assert.Contains("fleet.apply", exported[4].Body, StringComparison.Ordinal);
    }

    private async Task<(PostgresExportOutbox Outbox, string ConnectionString)> CreateAsync(string purpose)
    {
        var connectionString = await postgres.CreateDatabaseAsync(purpose);
        await DatabaseSchema.ApplyAsync(connectionString);
        return (new PostgresExportOutbox(NpgsqlDataSource.Create(connectionString)), connectionString);
    }

    private static ExportRecord Record(string? plant, int n) =>
        new(ExportKind.Detection, plant, T0.AddSeconds(n), Severity.High, $"{{\"n\":{n}}}");
}
