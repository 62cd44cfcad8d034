using Npgsql;
using ZtFleet.Grains.Incidents;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;
using ZtFleet.Silo.Database;
using ZtFleet.Tests.Infrastructure;

namespace ZtFleet.Tests.PostgreSql;

/// <summary>One conformance suite for every incident store: PostgreSQL and memory must behave alike.</summary>
[Collection(PostgresServerCollection.Name)]
public sealed class IncidentStoreTests(PostgresServer postgres)
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");
    private static readonly PlantId Austin = PlantId.Parse("austin");
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Stores => ["postgres", "memory"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Incidents_cursors_and_counters_read_back_and_only_recent_open_incidents_are_active(string kind)
    {
        var store = await CreateAsync(kind);
        var cross = Incident(1, T0, Berlin, "vendor-tech", Austin) with { Revision = 3, Owner = "alice", Status = IncidentStatus.Investigating };
        var old = Incident(2, T0.AddDays(-3), Berlin, "jdoe") with { Revision = 1, Updated = T0.AddDays(-3) };
        var closed = Incident(3, T0, Austin, "jdoe") with { Revision = 2, Status = IncidentStatus.Closed, CloseReason = "merged into inc-1", MergedInto = "inc-1" };

        await store.SaveAsync(new IncidentWrite([cross, old, closed], new Dictionary<PlantId, long> { [Berlin] = 7 }, 3, 3));
        await store.SaveAsync(new IncidentWrite([], new Dictionary<PlantId, long> { [Austin] = 2 }, 3, 3));
        var loaded = await store.LoadAsync(T0.AddDays(-1));
        var read = await store.GetAsync("inc-1");

        Assert.Equal((3L, 3L), (loaded.Sequence, loaded.Revision));
        Assert.Equal([(Austin, 2L), (Berlin, 7L)], loaded.Cursors.Select(c => (c.Key, c.Value)).OrderBy(c => c.Key.Value));
        Assert.Equal(["inc-1"], loaded.Active.Select(i => i.Id));
        Assert.Equal((cross.Title, cross.Owner, cross.Severity, cross.Revision, true), (read!.Title, read.Owner, read.Severity, read.Revision, read.CrossPlant));
        Assert.Equal(cross.Parts, read.Parts);
        Assert.Equal(cross.Plants, read.Plants);
        Assert.Null(await store.GetAsync("inc-9"));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task The_list_filters_and_pages_newest_opened_first_and_changes_come_in_revision_order(string kind)
    {
        var store = await CreateAsync(kind);
        var incidents = Enumerable.Range(1, 5)
            .Select(n => Incident(n, T0.AddMinutes(n), n % 2 == 0 ? Austin : Berlin, n == 3 ? "vendor-tech" : "jdoe") with { Revision = 6 - n })
            .Append(Incident(6, T0.AddMinutes(5), Berlin, "jdoe") with { Revision = 7 }) // opened in the same millisecond as inc-5
            .ToList();
        await store.SaveAsync(new IncidentWrite(incidents, new Dictionary<PlantId, long>(), 6, 7));

        var pages = new List<string>();
        IncidentCursor? after = null;
        do
        {
            var page = await store.ListAsync(new IncidentQuery { Limit = 2, After = after });
            pages.Add(string.Join(",", page.Incidents.Select(i => i.Id)));
            after = page.Next;
        }
        while (after is not null);

        var berlin = await store.ListAsync(new IncidentQuery { Plants = [Berlin] });
        var vendor = await store.ListAsync(new IncidentQuery { Identity = IdentityId.Parse("vendor-tech") });
        var asset = await store.ListAsync(new IncidentQuery { Asset = AssetId.Parse("plc-2") });
        var high = await store.ListAsync(new IncidentQuery { MinSeverity = Severity.High });
        var window = await store.ListAsync(new IncidentQuery { From = T0.AddMinutes(2), To = T0.AddMinutes(4) });
        var changed = await store.ChangedAfterAsync(2, 3);

        Assert.Equal(["inc-6,inc-5", "inc-4,inc-3", "inc-2,inc-1"], pages);
        Assert.Equal(["inc-6", "inc-5", "inc-3", "inc-1"], berlin.Incidents.Select(i => i.Id));
        Assert.Equal(["inc-3"], vendor.Incidents.Select(i => i.Id));
        Assert.Equal(["inc-2"], asset.Incidents.Select(i => i.Id));
        Assert.Equal(["inc-6", "inc-4", "inc-2"], high.Incidents.Select(i => i.Id));
        Assert.Equal(["inc-3", "inc-2"], window.Incidents.Select(i => i.Id));
        Assert.Equal([3L, 4L, 5L], changed.Select(i => i.Revision));
    }

    private static Incident Incident(int n, DateTimeOffset at, PlantId plant, string identity, PlantId? also = null)
    {
        IncidentPart Part(PlantId where, int k) =>
            new(IncidentPartKind.Detection, $"{where}-{n}{k}", where, at, n % 2 == 0 ? Severity.High : Severity.Low, $"part {k}")
            {
                Type = DetectionType.OffShiftAccess,
                Identity = IdentityId.Parse(identity),
                Asset = AssetId.Parse($"plc-{n}"),
            };
        IncidentPart[] parts = also is { } other ? [Part(plant, 1), Part(other, 2)] : [Part(plant, 1)];
        return IncidentCorrelator.Summarize(new Incident(IncidentIds.Format(n), IncidentStatus.Open, Severity.Low, string.Empty, at, at, parts));
    }

    private async Task<IIncidentStore> CreateAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryIncidentStore();
        }

        var connectionString = await postgres.CreateDatabaseAsync("incidents");
        await DatabaseSchema.ApplyAsync(connectionString);
        return new PostgresIncidentStore(NpgsqlDataSource.Create(connectionString));
    }
}
