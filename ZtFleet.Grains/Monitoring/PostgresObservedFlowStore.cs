using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Grains.Monitoring;

/// <summary>
/// Observed flows in PostgreSQL's <c>observed_flow</c> table (see <c>db/0005_observed_flows.sql</c>): one upsert per
/// write that adds the increments (events, dropped, per-operation counts in a jsonb object) to what is stored. Provider
/// failures leave as <see cref="StorageUnavailableException"/> or <see cref="StorageFailedException"/>: the caller is a
/// grain.
/// </summary>
public sealed class PostgresObservedFlowStore(NpgsqlDataSource dataSource, ILogger<PostgresObservedFlowStore>? logger = null) : IObservedFlowStore
{
    private const string Upsert = """
        INSERT INTO observed_flow (plant_id, flow_key, source_ip, source_asset, source_zone, destination_ip, destination_port,
                                   destination_asset, destination_zone, transport, protocol, operations, events, dropped,
                                   first_seen, last_seen)
        SELECT $1, k, sip, sa, sz, dip, dp, da, dz, t, p, o::jsonb, e, d, f, l
        FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::integer[], $8::text[], $9::text[],
                    $10::text[], $11::text[], $12::text[], $13::bigint[], $14::bigint[], $15::timestamptz[], $16::timestamptz[])
             AS u(k, sip, sa, sz, dip, dp, da, dz, t, p, o, e, d, f, l)
        ON CONFLICT (plant_id, flow_key) DO UPDATE SET
            source_ip = EXCLUDED.source_ip,
            source_asset = EXCLUDED.source_asset,
            source_zone = EXCLUDED.source_zone,
            destination_ip = EXCLUDED.destination_ip,
            destination_asset = EXCLUDED.destination_asset,
            destination_zone = EXCLUDED.destination_zone,
            operations = (
                SELECT coalesce(jsonb_object_agg(key, total), '{}'::jsonb)
                FROM (SELECT key, sum(value::bigint) AS total
                      FROM (SELECT key, value FROM jsonb_each_text(observed_flow.operations)
                            UNION ALL
                            SELECT key, value FROM jsonb_each_text(EXCLUDED.operations)) AS counts
                      GROUP BY key) AS summed),
            events = observed_flow.events + EXCLUDED.events,
            dropped = observed_flow.dropped + EXCLUDED.dropped,
            first_seen = LEAST(observed_flow.first_seen, EXCLUDED.first_seen),
            last_seen = GREATEST(observed_flow.last_seen, EXCLUDED.last_seen)
        """;

    private readonly ILogger _logger = logger ?? NullLogger<PostgresObservedFlowStore>.Instance;

    public Task AddAsync(string plant, IReadOnlyCollection<ObservedFlow> increments, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(increments);
        if (increments.Count == 0)
        {
            return Task.CompletedTask;
        }

        var flows = increments.ToList();
        return RunAsync("add", async () =>
        {
            await using var command = dataSource.CreateCommand(Upsert);
            command.Parameters.AddWithValue(plant);
            command.Parameters.AddWithValue(flows.Select(f => f.Key).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.Source.Ip).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, flows.Select(f => f.Source.Asset?.Value).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, flows.Select(f => f.Source.Zone?.Value).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.Destination.Ip).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Integer, flows.Select(f => f.Destination.Port).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, flows.Select(f => f.Destination.Asset?.Value).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, flows.Select(f => f.Destination.Zone?.Value).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.Transport).ToArray());
            command.Parameters.AddWithValue(NpgsqlDbType.Array | NpgsqlDbType.Text, flows.Select(f => f.Protocol).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => JsonSerializer.Serialize(f.Operations)).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.Events).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.Dropped).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.FirstSeen.ToUniversalTime()).ToArray());
            command.Parameters.AddWithValue(flows.Select(f => f.LastSeen.ToUniversalTime()).ToArray());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }

    public Task<IReadOnlyList<ObservedFlow>> LoadAsync(string plant, int limit, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<ObservedFlow>>("load", async () =>
        {
            await using var command = dataSource.CreateCommand(
                """
                SELECT source_ip, source_asset, source_zone, destination_ip, destination_port, destination_asset, destination_zone,
                       transport, protocol, operations::text, events, dropped, first_seen, last_seen
                FROM observed_flow WHERE plant_id = $1 ORDER BY last_seen DESC, flow_key COLLATE "C" LIMIT $2
                """);
            command.Parameters.AddWithValue(plant);
            command.Parameters.AddWithValue(limit);
            var flows = new List<ObservedFlow>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var operations = new SortedDictionary<string, long>(
                    JsonSerializer.Deserialize<Dictionary<string, long>>(reader.GetString(9)) ?? [], StringComparer.Ordinal);
                flows.Add(new ObservedFlow(
                    new ObservedHost(reader.GetString(0), null, Id<AssetId>(reader, 1), Id<ZoneId>(reader, 2)),
                    new ObservedHost(reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetInt32(4), Id<AssetId>(reader, 5), Id<ZoneId>(reader, 6)),
                    reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    operations,
                    reader.GetInt64(10),
                    reader.GetInt64(11),
                    reader.GetFieldValue<DateTimeOffset>(12),
                    reader.GetFieldValue<DateTimeOffset>(13)));
            }

            return flows;
        });

    private static TId? Id<TId>(NpgsqlDataReader reader, int column)
        where TId : struct, IEntityId<TId> =>
        !reader.IsDBNull(column) && TId.TryParse(reader.GetString(column), out var id) ? id : null;

    private async Task<T> RunAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception ex) when (StorageFailures.IsProviderFailure(ex))
        {
            throw StorageFailures.Translate(ex, StorageFailures.ObservedFlows, operation, _logger);
        }
    }
}
