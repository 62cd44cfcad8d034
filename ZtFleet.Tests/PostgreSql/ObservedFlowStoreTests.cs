using Npgsql;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>One conformance suite for every observed flow store: PostgreSQL and memory must behave alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class ObservedFlowStoreTests(PostgresServer postgres)
{
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Increments_add_up_per_key_and_operation_and_widen_the_time_span(string kind)
    {
        var store = await CreateAsync(kind);
        await store.AddAsync("berlin", [Modbus(Start, ("fc3", 100), ("fc6", 1))]);
        await store.AddAsync("berlin", [Modbus(Start.AddMinutes(10), ("fc3", 50), ("fc16", 2)) with { Dropped = 2 }]);
        await store.AddAsync("berlin", [Modbus(Start.AddMinutes(-5), ("fc3", 1))]);

        var flow = Assert.Single(await store.LoadAsync("berlin", 100));

        Assert.Equal(Modbus(Start).Key, flow.Key);
        Assert.Equal(new Dictionary<string, long> { ["fc16"] = 2, ["fc3"] = 151, ["fc6"] = 1 }, flow.Operations.ToDictionary());
        Assert.Equal((154L, 2L), (flow.Events, flow.Dropped));
        Assert.Equal((Start.AddMinutes(-5), Start.AddMinutes(10)), (flow.FirstSeen, flow.LastSeen));
        Assert.Equal(("hmi-1", "cell-1", 502), (flow.Source.Asset?.Value, flow.Source.Zone?.Value, flow.Destination.Port));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Uninventoried_hosts_and_flows_without_port_protocol_or_operations_come_back_as_they_went_in(string kind)
    {
        var store = await CreateAsync(kind);
        var ping = new ObservedFlow(
            new ObservedHost("10.0.99.7", null, null, null), new ObservedHost("10.0.21.11", null, null, null), "icmp", null,
            new SortedDictionary<string, long>(StringComparer.Ordinal), 3, 3, Start, Start);

        await store.AddAsync("berlin", [ping]);

        var back = Assert.Single(await store.LoadAsync("berlin", 10));
        Assert.Equal(ping.Key, back.Key);
        Assert.Equal((null, null, null, "icmp"), (back.Source.Asset, back.Destination.Port, back.Protocol, back.Transport));
        Assert.Empty(back.Operations);
        Assert.Equal((3L, 3L), (back.Events, back.Dropped));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Plants_are_apart_and_a_load_takes_the_most_recently_seen_first(string kind)
    {
        var store = await CreateAsync(kind);
        var flows = Enumerable.Range(1, 5)
            .Select(i => Modbus(Start.AddMinutes(i), ("fc3", i)) with { Source = new ObservedHost($"10.0.99.{i}", null, null, null) })
            .ToList();
        await store.AddAsync("berlin", flows);
        await store.AddAsync("austin", [Modbus(Start)]);

        var newest = await store.LoadAsync("berlin", 2);

        Assert.Equal(["10.0.99.5", "10.0.99.4"], newest.Select(f => f.Source.Ip));
        Assert.Single(await store.LoadAsync("austin", 10));
        Assert.Empty(await store.LoadAsync("lyon", 10));
    }

    private static ObservedFlow Modbus(DateTimeOffset at, params (string Operation, long Count)[] operations) =>
        new(
            new ObservedHost("10.0.21.20", null, AssetId.Parse("hmi-1"), ZoneId.Parse("cell-1")),
            new ObservedHost("10.0.21.11", 502, AssetId.Parse("plc-1"), ZoneId.Parse("cell-1")),
            "tcp",
            "modbus-tcp",
            new SortedDictionary<string, long>(operations.ToDictionary(o => o.Operation, o => o.Count), StringComparer.Ordinal),
            operations.Sum(o => o.Count),
            0,
            at,
            at);

    private async Task<IObservedFlowStore> CreateAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryObservedFlowStore();
        }

        var connectionString = await postgres.CreateDatabaseAsync("observed-flows");
        await DatabaseSchema.ApplyAsync(connectionString);
        return new PostgresObservedFlowStore(NpgsqlDataSource.Create(connectionString));
    }
}
