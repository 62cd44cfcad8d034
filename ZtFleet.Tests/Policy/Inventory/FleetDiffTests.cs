using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class FleetDiffTests
{
    private const string Lyon = """
          - id: lyon
            name: Lyon Assembly
            timeZone: Europe/Paris
            zones:
              - id: cell-a
                name: Cell A
                kind: ot-control
                purdueLevel: "1"
                securityLevelTarget: 2
            assets:
              - id: plc-a
                name: PLC A
                zone: cell-a
                type: plc
                criticality: 4
        identities:
        """;

    private static readonly FleetDocument Current = FleetSamples.Document();

    [Fact]
    public void Identical_documents_have_no_changes()
    {
        Assert.Empty(FleetDiff.Compute(Current, FleetSamples.Document(), prune: true));
    }

    [Fact]
    public void Reordered_lists_are_no_change()
    {
        var reordered = FleetSamples.Replace("[read, browse, subscribe]", "[subscribe, read, browse]");
        reordered = FleetSamples.Replace("[mon, tue, wed, thu, fri]", "[fri, thu, wed, tue, mon]", reordered);

        Assert.Empty(FleetDiff.Compute(Current, FleetSamples.Read(reordered), prune: true));
    }

    public static TheoryData<string, string, EntityKind, string, string[]> ChangedCases => new()
    {
        { "name: Berlin Stamping", "name: Berlin Stamping GmbH", EntityKind.Plant, "berlin", ["name"] },
        { "end: \"14:00\"", "end: \"14:30\"", EntityKind.Plant, "berlin", ["shifts"] },
        { "securityLevelTarget: 4", "securityLevelTarget: 3", EntityKind.Zone, "sis", ["securityLevelTarget"] },
        { "firmware: V2.9.4\n", "firmware: V3.0.1\n", EntityKind.Asset, "plc-press-1", ["firmware"] },
        { "ip: 10.10.21.11\n        mac: 00:1b:1b:12:34:56", "ip: 10.10.21.12\n        mac: 00:1b:1b:12:34:57", EntityKind.Asset, "plc-press-1", ["ip", "mac"] },
        { "[CVE-2022-38465]", "[CVE-2022-38465, CVE-2023-1234]", EntityKind.Asset, "plc-press-1", ["vulnerabilities"] },
        { "[read, write, download]", "[read]", EntityKind.Conduit, "ews-to-cell-1", ["operations"] },
        { "direction: from-to", "direction: bidirectional", EntityKind.Conduit, "mes-to-cell-1", ["direction"] },
        { "purpose: operator screens", "purpose: operator screens and alarms", EntityKind.Flow, "hmi-polls-press-1", ["purpose"] },
    };

    [Theory]
    [MemberData(nameof(ChangedCases))]
    public void Changed_entity_lists_the_fields_that_differ(string find, string replace, EntityKind kind, string id, string[] fields)
    {
        var desired = FleetSamples.Read(FleetSamples.Replace(find, replace));

        var change = Assert.Single(FleetDiff.Compute(Current, desired, prune: true));

        Assert.Equal(new EntityChange(ChangeKind.Changed, kind, "berlin", id, change.ChangedFields), change);
        Assert.Equal(fields, change.ChangedFields);
    }

    [Fact]
    public void Changed_identity_has_no_plant()
    {
        var desired = FleetSamples.Read(FleetSamples.Replace("roles: [operator]", "roles: [operator, supervisor]"));

        var change = Assert.Single(FleetDiff.Compute(Current, desired, prune: true));

        Assert.Equal((ChangeKind.Changed, EntityKind.Identity, (string?)null, "jdoe"), (change.Change, change.Kind, change.PlantId, change.Id));
        Assert.Equal(["assignments"], change.ChangedFields);
    }

    [Fact]
    public void Entities_added_and_removed_inside_a_plant_are_listed_per_kind()
    {
        var text = FleetSamples.Replace(
            "      - id: sis\n",
            "      - id: cell-2\n        name: Cell 2\n        kind: ot-control\n        purdueLevel: \"1\"\n        securityLevelTarget: 2\n      - id: sis\n");
        text = FleetSamples.Replace(
            "      - id: hmi-polls-press-1\n        from: hmi-1\n        to: plc-press-1\n        protocol: s7comm\n        purpose: operator screens\n",
            string.Empty,
            text);

        var changes = FleetDiff.Compute(Current, FleetSamples.Read(text), prune: false);

        Assert.Equal(
            [
                (ChangeKind.Added, EntityKind.Zone, "cell-2"),
                (ChangeKind.Removed, EntityKind.Flow, "hmi-polls-press-1"),
            ],
            changes.Select(c => (c.Change, c.Kind, c.Id)));
    }

    [Fact]
    public void New_plant_is_added_with_everything_in_it()
    {
        var desired = FleetSamples.Read(FleetSamples.Replace("identities:\n", Lyon + "\n"));

        var changes = FleetDiff.Compute(Current, desired, prune: false);

        Assert.Equal(
            [
                (ChangeKind.Added, EntityKind.Plant, "lyon", "lyon"),
                (ChangeKind.Added, EntityKind.Zone, "lyon", "cell-a"),
                (ChangeKind.Added, EntityKind.Asset, "lyon", "plc-a"),
            ],
            changes.Select(c => (c.Change, c.Kind, c.PlantId!, c.Id)));
    }

    [Fact]
    public void Prune_removes_absent_plants_with_everything_in_them_and_absent_identities()
    {
        var withLyon = FleetSamples.Read(FleetSamples.Replace("identities:\n", Lyon + "\n"));
        var onlyLyon = withLyon with { Plants = withLyon.Plants.Where(p => p.Id.Value == "lyon").ToList(), Identities = [] };

        var changes = FleetDiff.Compute(withLyon, onlyLyon, prune: true);

        var berlin = changes.Where(c => c.PlantId == "berlin").ToList();
        Assert.All(changes, c => Assert.Equal(ChangeKind.Removed, c.Change));
        Assert.Equal((EntityKind.Plant, "berlin"), (berlin[0].Kind, berlin[0].Id));
        Assert.Equal(5, berlin.Count(c => c.Kind == EntityKind.Zone));
        Assert.Equal(7, berlin.Count(c => c.Kind == EntityKind.Asset));
        Assert.Equal(5, berlin.Count(c => c.Kind == EntityKind.Conduit));
        Assert.Equal(2, berlin.Count(c => c.Kind == EntityKind.Flow));
        Assert.Equal(["contractor-1", "jdoe", "vendor-tech"], changes.Where(c => c.Kind == EntityKind.Identity).Select(c => c.Id));
    }

    [Fact]
    public void Without_prune_absent_plants_and_identities_are_left_alone()
    {
        var withLyon = FleetSamples.Read(FleetSamples.Replace("identities:\n", Lyon + "\n"));
        var onlyLyon = withLyon with { Plants = withLyon.Plants.Where(p => p.Id.Value == "lyon").ToList(), Identities = [] };

        Assert.Empty(FleetDiff.Compute(withLyon, onlyLyon, prune: false));
    }

    [Fact]
    public void Without_prune_identities_in_the_document_are_upserted()
    {
        var ana = new IdentitySpec(IdentityId.Parse("ana"), "Ana", IdentityKind.Employee, null, null, []);
        var jdoe = Current.Identities.Single(i => i.Id.Value == "jdoe") with { Email = "jd@acme.example" };
        var desired = new FleetDocument(Current.Name, [], [jdoe, ana]);

        var changes = FleetDiff.Compute(Current, desired, prune: false);

        Assert.Equal(
            [(ChangeKind.Added, "ana"), (ChangeKind.Changed, "jdoe")],
            changes.Select(c => (c.Change, c.Id)));
    }

    [Fact]
    public void Changes_are_ordered_by_plant_then_kind_then_id()
    {
        var withLyon = FleetSamples.Read(FleetSamples.Replace("identities:\n", Lyon + "\n"));
        var empty = new FleetDocument("x", [], []);

        var changes = FleetDiff.Compute(empty, withLyon, prune: true);

        var expected = changes
            .OrderBy(c => c.PlantId is null)
            .ThenBy(c => c.PlantId, StringComparer.Ordinal)
            .ThenBy(c => c.Kind)
            .ThenBy(c => c.Id, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, changes);
        Assert.Equal([EntityKind.Identity, EntityKind.Role, EntityKind.Policy], changes.Where(c => c.PlantId is null).Select(c => c.Kind).Distinct());
    }

    [Fact]
    public void Apply_without_prune_keeps_absent_plants_and_identities_and_replaces_the_others()
    {
        var withLyon = FleetSamples.Read(FleetSamples.Replace("identities:\n", Lyon + "\n"));
        var newBerlin = FleetSamples.Read(FleetSamples.Replace("name: Berlin Stamping", "name: Berlin Neu"));
        var desired = newBerlin with { Identities = [] };

        var result = FleetDiff.ApplyTo(withLyon, desired, prune: false);

        Assert.Equal(["berlin", "lyon"], result.Plants.Select(p => p.Id.Value));
        Assert.Equal("Berlin Neu", result.Plants[0].Name);
        Assert.Equal(3, result.Identities.Count);
        Assert.Empty(FleetDiff.Compute(result, desired, prune: false));
    }

    [Fact]
    public void Apply_with_prune_is_the_document()
    {
        var withLyon = FleetSamples.Read(FleetSamples.Replace("identities:\n", Lyon + "\n"));

        var result = FleetDiff.ApplyTo(withLyon, Current, prune: true);

        Assert.Empty(FleetDiff.Compute(Current, result, prune: true));
        Assert.Equal(["berlin"], result.Plants.Select(p => p.Id.Value));
    }
}
