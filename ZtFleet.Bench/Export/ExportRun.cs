using System.Diagnostics;
using System.Globalization;
using Npgsql;
using ZtFleet.Bench.PgScale;
using ZtFleet.Grains.Export;
using ZtFleet.Policy.Audit;
using ZtFleet.Policy.Export;

namespace ZtFleet.Bench.Export;

/// <summary>
/// One run of <c>export</c> on a fresh control plane whose API exports to <see cref="CountingSyslogReceiver"/>:
/// what an append costs (the outbox's appends are serialised by an advisory lock), outbox → receiver throughput, and a
/// SIGKILL of the API mid-stream with the receiver counting what is missing and duplicated.
/// </summary>
internal sealed class ExportRun(ExportBenchOptions options, ControlPlane plane, ThrowawayPostgres postgres, CountingSyslogReceiver receiver, RunFigures figures)
{
    private const int Plants = 10;
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var data = NpgsqlDataSource.Create(postgres.ConnectionString + ";Maximum Pool Size=20;Application Name=export-bench");
        var sample = ExportRecords.From(new AuditRecord(1, new AuditEntry("plant-0", DateTimeOffset.UtcNow, "carol", "identity.lock", "identity/jdoe", "locked", "{\"reason\":\"bench\"}"), new byte[32], new byte[32]));

        await AppendCostAsync(new PostgresExportOutbox(data), sample, cancellationToken);
        await QuietAsync(cancellationToken);
        await ThroughputAsync(data, sample, cancellationToken);
        await QuietAsync(cancellationToken);
        await KillAsync(data, sample, cancellationToken);
    }

    private async Task AppendCostAsync(PostgresExportOutbox outbox, ExportRecord sample, CancellationToken cancellationToken)
    {
        foreach (var (size, key) in new[] { (100, "append_batch100_records_per_s"), (1, "append_single_per_s") })
        {
            var watch = Stopwatch.StartNew();
            var window = TimeSpan.FromSeconds(options.AppendSeconds);
            var counts = await Task.WhenAll(Enumerable.Range(0, options.Appenders).Select(a => Task.Run(async () =>
            {
                var batch = Enumerable.Range(0, size).Select(i => sample with { Plant = $"plant-{(a + i) % Plants}" }).ToList();
                long appended = 0;
                while (watch.Elapsed < window)
                {
                    await outbox.AppendAsync(batch, cancellationToken);
                    appended += size;
                }

                return appended;
            }, cancellationToken)));
            var rate = counts.Sum() / watch.Elapsed.TotalSeconds;
            figures.Set(key, Math.Round(rate));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  append, batches of {size}, {options.Appenders} appenders: {rate:N0} records/s"));
        }
    }

    private async Task ThroughputAsync(NpgsqlDataSource data, ExportRecord sample, CancellationToken cancellationToken)
    {
        var (expected, committed) = await InsertAsync(data, sample, options.Records, cancellationToken);
        var arrivals = await WaitForAllAsync(expected, cancellationToken);
        var mine = arrivals.Where(a => expected.ContainsKey(a.Position)).ToList();
        var first = mine.Min(a => a.At);
        var last = mine.Max(a => a.At);
        var steady = expected.Count / Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var whole = expected.Count / Stopwatch.GetElapsedTime(committed, last).TotalSeconds;
        figures.Set("export_records_per_s", Math.Round(steady));
        figures.Set("export_whole_records_per_s", Math.Round(whole));
        var (missing, duplicates, disorder) = Analyse(expected, mine);
        figures.Set("throughput_duplicates", duplicates);
        Check(missing, disorder, "throughput");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  outbox -> syslog TCP: {steady:N0} records/s from first to last arrival, {whole:N0} from commit ({expected.Count:N0} records, {duplicates} duplicates)"));
    }

    private async Task KillAsync(NpgsqlDataSource data, ExportRecord sample, CancellationToken cancellationToken)
    {
        var (expected, _) = await InsertAsync(data, sample, options.KillRecords, cancellationToken);
        var watch = Stopwatch.StartNew();
        while (Distinct(receiver.Arrivals(), expected) < expected.Count * 3 / 10)
        {
            Assert(watch.Elapsed < Deadline, "the kill phase never reached 30% delivered");
            await Task.Delay(5, cancellationToken);
        }

        var before = Distinct(receiver.Arrivals(), expected);
        plane.KillApi();
        var killed = Stopwatch.GetTimestamp();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  SIGKILL of the API with {before:N0} of {expected.Count:N0} records received"));
        await plane.StartApiAsync(cancellationToken);
        var arrivals = await WaitForAllAsync(expected, cancellationToken);
        var mine = arrivals.Where(a => expected.ContainsKey(a.Position)).ToList();
        var (missing, duplicates, disorder) = Analyse(expected, mine);
        figures.Set("kill_missing", missing);
        figures.Set("kill_duplicates", duplicates);
        figures.Set("kill_out_of_order", disorder);
        figures.Set("kill_recovery_s", Math.Round(Stopwatch.GetElapsedTime(killed, mine.Max(a => a.At)).TotalSeconds, 1));
        Check(missing, disorder, "kill");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  after the restart: {missing} missing, {duplicates:N0} duplicates, {disorder} out of order per plant"));
    }

    /// <summary>Puts <paramref name="count"/> copies of <paramref name="sample"/> over 10 plants in the outbox in one statement.</summary>
    private static async Task<(Dictionary<long, string> Expected, long Committed)> InsertAsync(NpgsqlDataSource data, ExportRecord sample, int count, CancellationToken cancellationToken)
    {
        long before;
        await using (var last = data.CreateCommand("SELECT coalesce(max(position), 0) FROM export_outbox"))
        {
            before = (long)(await last.ExecuteScalarAsync(cancellationToken))!;
        }

        // One transaction under the outbox's append lock (as every append takes it): its positions become visible
        // together, and no concurrent append (the silos' audit records) can commit a higher position before them.
        await using (var connection = await data.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.AddWithValue(PostgresExportOutbox.AppendLockKey);
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var insert = new NpgsqlCommand(
                "INSERT INTO export_outbox (kind, plant_id, at, severity, body) SELECT $3, 'plant-' || (g % 10), now(), 0, $1 FROM generate_series(1, $2) AS g ORDER BY g",
                connection,
                transaction);
            insert.Parameters.AddWithValue(sample.Body);
            insert.Parameters.AddWithValue(count);
            insert.Parameters.AddWithValue(sample.Kind.ToString());
            insert.CommandTimeout = 600;
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var committed = Stopwatch.GetTimestamp();
        var expected = new Dictionary<long, string>(count);
        await using var read = data.CreateCommand("SELECT position, plant_id FROM export_outbox WHERE position > $1");
        read.Parameters.AddWithValue(before);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            expected[reader.GetInt64(0)] = reader.GetString(1);
        }

        return (expected, committed);
    }

    private async Task<List<(long Position, string Plant, long At)>> WaitForAllAsync(Dictionary<long, string> expected, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var arrivals = receiver.Arrivals();
            if (Distinct(arrivals, expected) == expected.Count)
            {
                return arrivals;
            }

            Assert(watch.Elapsed < Deadline, $"the receiver got {Distinct(arrivals, expected):N0} of {expected.Count:N0} records within {Deadline.TotalMinutes} min");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Waits until the receiver has received nothing for two seconds.</summary>
    private async Task QuietAsync(CancellationToken cancellationToken)
    {
        var count = -1;
        while (receiver.Count != count)
        {
            count = receiver.Count;
            await Task.Delay(2000, cancellationToken);
        }
    }

    private static int Distinct(List<(long Position, string Plant, long At)> arrivals, Dictionary<long, string> expected) =>
        arrivals.Where(a => expected.ContainsKey(a.Position)).Select(a => a.Position).Distinct().Count();

    /// <summary>
    /// Missing records, duplicates, and arrivals out of order per plant: a record that arrived while an earlier record
    /// of its plant had not (a re-send after a rewind starts again at the cursor, which is never out of order).
    /// </summary>
    private static (long Missing, long Duplicates, long Disorder) Analyse(Dictionary<long, string> expected, List<(long Position, string Plant, long At)> arrivals)
    {
        var perPlant = expected.GroupBy(e => e.Value).ToDictionary(g => g.Key, g => g.Select(e => e.Key).Order().ToList());
        var next = perPlant.Keys.ToDictionary(p => p, _ => 0);
        var received = new HashSet<long>();
        long duplicates = 0, disorder = 0;
        foreach (var (position, _, _) in arrivals)
        {
            var plant = expected[position];
            var order = perPlant[plant];
            if (!received.Add(position))
            {
                duplicates++;
                continue;
            }

            if (order[next[plant]] != position)
            {
                disorder++;
            }

            while (next[plant] < order.Count && received.Contains(order[next[plant]]))
            {
                next[plant]++;
            }
        }

        return (expected.Count - received.Count, duplicates, disorder);
    }

    private void Check(long missing, long disorder, string phase)
    {
        if (missing > 0)
        {
            figures.Failures.Add($"{phase}: {missing} records never arrived");
        }

        if (disorder > 0)
        {
            figures.Failures.Add($"{phase}: {disorder} records arrived before an earlier record of their plant");
        }
    }

    private static void Assert(bool condition, string message)
    {
        if (!condition)
        {
            throw new TimeoutException(message);
        }
    }
}
