using System.Globalization;
using Npgsql;
using Xunit.Abstractions;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Bench.Generation;
using ZtFleet.Policy.Inventory;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>
/// What an identity change costs the database, read from PostgreSQL's WAL position: it must follow the change, not
/// the size of the plant. The benchmark (<c>bench/run pg-scale</c>) carries the real figure at 10,000 assets; this
/// test holds a loose bound on a plant of 2,000 assets beside one of 100.
/// </summary>
[Collection(PostgresServerCollection.Name)]
public sealed class WritesPerChangeTests(PostgresServer postgres, ITestOutputHelper output)
{
    /// <summary>The bound for one lock or unlock, median over many.</summary>
    private const long MaxWalBytesPerChange = 32 * 1024;

    private const int Changes = 30;

    [Fact]
    public async Task A_lock_or_unlock_writes_the_same_few_kilobytes_on_a_plant_of_2000_assets_as_on_one_of_100()
    {
        var small = await MedianWalPerChangeAsync(assets: 100, zones: 10);
        var large = await MedianWalPerChangeAsync(assets: 2_000, zones: 50);
        output.WriteLine($"median WAL per lock/unlock: {small} bytes on 100 assets, {large} bytes on 2,000 assets");

        Assert.True(small <= MaxWalBytesPerChange, $"A lock or unlock on a 100-asset plant wrote {small} bytes of WAL (median); the bound is {MaxWalBytesPerChange}.");
        Assert.True(large <= MaxWalBytesPerChange, $"A lock or unlock on a 2,000-asset plant wrote {large} bytes of WAL (median); the bound is {MaxWalBytesPerChange}.");

        // Before the plant's runtime had its own rows, the large plant cost about twenty times the small one.
        Assert.True(large <= small * 2, $"A change on the 2,000-asset plant wrote {large} bytes, the 100-asset plant {small}: the cost grows with the plant.");
    }

    private async Task<long> MedianWalPerChangeAsync(int assets, int zones)
    {
        var connectionString = await postgres.CreateDatabaseAsync(string.Create(CultureInfo.InvariantCulture, $"wal-{assets}"));
        await using var server = new ApiServer(connectionString);
        await server.InitializeAsync();
        var admin = server.As(Role.FleetAdmin);
        var fleet = SyntheticFleet.Generate(plants: 1, zonesPerPlant: zones, assetsPerPlant: assets, identities: 20, seed: 11);
        var applied = await new FleetService.FleetServiceClient(server.Channel)
            .ApplyFleetAsync(new ApplyFleetRequest { Document = FleetDocumentWriter.ToYaml(fleet) }, admin);
        Assert.True(applied.Applied);

        var identity = fleet.Identities.First(i => i.Assignments.Count == 1).Id.Value;
        var access = new AccessService.AccessServiceClient(server.Channel);
        var written = new List<long>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < Changes; i++)
        {
            var before = await WalPositionAsync(connection);
            if (i % 2 == 0)
            {
                await access.LockIdentityAsync(new LockIdentityRequest { IdentityId = identity, Reason = "wal test" }, admin);
            }
            else
            {
                await access.UnlockIdentityAsync(new UnlockIdentityRequest { IdentityId = identity }, admin);
            }

            written.Add(await WalPositionAsync(connection) - before);
        }

        written.Sort();
        return written[written.Count / 2];
    }

    /// <remarks>
    /// The insert position, not <c>pg_current_wal_lsn()</c>: the test server runs with <c>synchronous_commit=off</c>,
    /// so the write position lags behind what was written.
    /// </remarks>
    private static async Task<long> WalPositionAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')::bigint", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
