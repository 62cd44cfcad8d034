using Npgsql;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Storage;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>One conformance suite for every detection store: PostgreSQL and memory must behave alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class DetectionStoreTests(PostgresServer postgres)
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly PlantId Austin = PlantId.Parse("austin");
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_saved_detection_reads_back_whole_and_updates_by_id(string kind)
    {
        var store = await CreateAsync(kind);
        var opened = Detection(Berlin, 1, "scanning:ews-1", DetectionType.Scanning, Severity.High, T0) with { Revision = 1 };

        await store.SaveAsync([opened]);
        var acknowledged = opened with { Status = DetectionStatus.Acknowledged, AcknowledgedBy = "carol", AcknowledgedAt = T0.AddMinutes(1), Revision = 2, Count = 3, LastSeen = T0.AddMinutes(2) };
        await store.SaveAsync([acknowledged]);

        var read = await store.GetAsync("berlin-1");
        Assert.NotNull(read);
        Assert.Equal(acknowledged with { Finding = read!.Finding }, read);
        Assert.Equal(acknowledged.Finding.Evidence, read.Finding.Evidence);
        Assert.Equal(acknowledged.Finding.Source, read.Finding.Source);
        Assert.Equal(acknowledged.Finding.Technique, read.Finding.Technique);
        Assert.Equal((acknowledged.Finding.Key, acknowledged.Finding.Summary, acknowledged.Finding.Asset), (read.Finding.Key, read.Finding.Summary, read.Finding.Asset));
        Assert.Null(await store.GetAsync("berlin-2"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_second_detection_in_force_with_the_same_key_is_refused_but_one_after_a_close_is_not(string kind)
    {
        var store = await CreateAsync(kind);
        var first = Detection(Berlin, 1, "scanning:ews-1", DetectionType.Scanning, Severity.High, T0);
        await store.SaveAsync([first]);

        await Assert.ThrowsAsync<StorageFailedException>(() => store.SaveAsync([Detection(Berlin, 2, "scanning:ews-1", DetectionType.Scanning, Severity.High, T0)]));

        await store.SaveAsync([first with { Status = DetectionStatus.Closed, ClosedBy = "carol", ClosedAt = T0, CloseReason = "pentest", Revision = 2 }]);
        await store.SaveAsync([Detection(Berlin, 2, "scanning:ews-1", DetectionType.Scanning, Severity.High, T0) with { Revision = 3 }]);
        await store.SaveAsync([Detection(Austin, 1, "scanning:ews-1", DetectionType.Scanning, Severity.High, T0)]);

        Assert.Equal(["berlin-2"], (await store.InForceAsync(Berlin)).Select(d => d.Id));
        Assert.Equal((2L, 3L), await store.LastAsync(Berlin));
        Assert.Equal((0L, 0L), await store.LastAsync(PlantId.Parse("lyon")));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Listing_filters_pages_newest_first_and_counts_every_match(string kind)
    {
        var store = await CreateAsync(kind);
        var plc = AssetId.Parse("plc-1");
        var jdoe = IdentityId.Parse("jdoe");
        await store.SaveAsync([
            Detection(Berlin, 1, "k1", DetectionType.Scanning, Severity.High, T0) with { Revision = 1 },
            Detection(Berlin, 2, "k2", DetectionType.UninventoriedHost, Severity.Medium, T0.AddHours(1)) with { Revision = 2 },
            Detection(Berlin, 3, "k3", DetectionType.FunctionCodeOutsideBaseline, Severity.Critical, T0.AddHours(2), asset: plc) with { Revision = 3 },
            Detection(Berlin, 4, "k4", DetectionType.Lockout, Severity.High, T0.AddHours(3), identity: jdoe) with { Revision = 4, Status = DetectionStatus.Closed },
            Detection(Berlin, 5, "k5", DetectionType.Scanning, Severity.Low, T0.AddHours(4)) with { Revision = 5 },
            Detection(Austin, 1, "k1", DetectionType.Scanning, Severity.High, T0) with { Revision = 1 },
        ]);

        async Task<IReadOnlyList<string>> Ids(DetectionQuery query) => (await store.ListAsync(query)).Detections.Select(d => d.Id).ToList();

        Assert.Equal(["berlin-5", "berlin-4", "berlin-3", "berlin-2", "berlin-1"], await Ids(new DetectionQuery(Berlin)));
        Assert.Equal(["berlin-5", "berlin-1"], await Ids(new DetectionQuery(Berlin) { Types = [DetectionType.Scanning] }));
        Assert.Equal(["berlin-4", "berlin-3", "berlin-1"], await Ids(new DetectionQuery(Berlin) { MinSeverity = Severity.High }));
        Assert.Equal(["berlin-4"], await Ids(new DetectionQuery(Berlin) { Statuses = [DetectionStatus.Closed] }));
        Assert.Equal(["berlin-3"], await Ids(new DetectionQuery(Berlin) { Asset = plc }));
        Assert.Equal(["berlin-4"], await Ids(new DetectionQuery(Berlin) { Identity = jdoe }));
        Assert.Equal(["berlin-5", "berlin-4", "berlin-3", "berlin-2", "berlin-1"], await Ids(new DetectionQuery(Berlin) { Zone = ZoneId.Parse("cell-1") }));
        Assert.Equal(["berlin-3", "berlin-2"], await Ids(new DetectionQuery(Berlin) { From = T0.AddHours(1), To = T0.AddHours(3) }));

        var first = await store.ListAsync(new DetectionQuery(Berlin) { Limit = 2 });
        Assert.Equal((5L, 4L), (first.Total, first.NextBeforeSequence));
        var second = await store.ListAsync(new DetectionQuery(Berlin) { Limit = 2, BeforeSequence = first.NextBeforeSequence });
        var third = await store.ListAsync(new DetectionQuery(Berlin) { Limit = 2, BeforeSequence = second.NextBeforeSequence });
        Assert.Equal(["berlin-3", "berlin-2"], second.Detections.Select(d => d.Id));
        Assert.Equal(["berlin-1"], third.Detections.Select(d => d.Id));
        Assert.Null(third.NextBeforeSequence);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Changes_after_a_revision_come_in_revision_order(string kind)
    {
        var store = await CreateAsync(kind);
        var a = Detection(Berlin, 1, "k1", DetectionType.Scanning, Severity.High, T0) with { Revision = 1 };
        var b = Detection(Berlin, 2, "k2", DetectionType.Scanning, Severity.High, T0) with { Revision = 2 };
        await store.SaveAsync([a, b]);
        await store.SaveAsync([a with { Count = 2, Revision = 3 }]);

        Assert.Equal([("berlin-2", 2L), ("berlin-1", 3L)], (await store.ChangedAfterAsync(Berlin, 1, 10)).Select(d => (d.Id, d.Revision)));
        Assert.Equal([("berlin-1", 3L)], (await store.ChangedAfterAsync(Berlin, 2, 10)).Select(d => (d.Id, d.Revision)));
        Assert.Single(await store.ChangedAfterAsync(Berlin, 0, 1));
    }

    private static Detection Detection(PlantId plant, long sequence, string key, DetectionType type, Severity severity, DateTimeOffset at, AssetId? asset = null, IdentityId? identity = null)
    {
        var finding = new Finding(type, severity, plant, key, $"{type} at {plant}.", at, [$"gw:1:{sequence}", $"gw:2:{sequence}"])
        {
            Asset = asset,
            Zone = ZoneId.Parse("cell-1"),
            Identity = identity,
            Source = new ObservedHost("10.0.21.99", 502, null, null),
            Technique = PlantTechniques.RemoteSystemDiscovery,
            Learnable = asset is null ? null : "pair:ews-1>plc-1 fc:90",
        };
        return new Detection(DetectionQuery.IdOf(plant, sequence), finding, DetectionStatus.Open, 1, at, at.AddMinutes(30)) { Revision = sequence };
    }

    private async Task<IDetectionStore> CreateAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryDetectionStore();
        }

        var connectionString = await postgres.CreateDatabaseAsync("detections");
        await DatabaseSchema.ApplyAsync(connectionString);
        return new PostgresDetectionStore(NpgsqlDataSource.Create(connectionString));
    }
}
