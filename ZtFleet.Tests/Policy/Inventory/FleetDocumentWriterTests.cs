using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class FleetDocumentWriterTests
{
    [Fact]
    public void Written_document_reads_back_to_an_equal_model()
    {
        var document = SortedById(FleetSamples.Document());

        var yaml = FleetDocumentWriter.ToYaml(document);
        var read = FleetSamples.Read(yaml);

        Assert.Equal(FleetSamples.Fingerprint(document), FleetSamples.Fingerprint(read));
        Assert.Empty(FleetDiff.Compute(document, read, prune: true));
    }

    [Fact]
    public void Writing_is_deterministic_whatever_the_order_of_the_model()
    {
        var document = FleetSamples.Document();
        var reversed = document with
        {
            Plants = document.Plants.Select(p => p with { Zones = p.Zones.Reverse().ToList(), Assets = p.Assets.Reverse().ToList() }).ToList(),
            Identities = document.Identities.Reverse().ToList(),
        };

        Assert.Equal(FleetDocumentWriter.ToYaml(document), FleetDocumentWriter.ToYaml(reversed));
    }

    [Fact]
    public void Text_that_looks_like_another_type_or_needs_escaping_survives_the_round_trip()
    {
        var zone = new ZoneSpec(ZoneId.Parse("0"), "true", ZoneKind.OtControl, PurdueLevel.Level1, 2, "line one\nline two: with colon # and hash");
        var asset = new AssetSpec(
            AssetId.Parse("123"),
            "null",
            zone.Id,
            AssetType.Plc,
            "Müller & Söhne \"GmbH\"",
            "- dash",
            "1.0",
            "~",
            "2001:db8::1",
            "00:11:22:33:44:55",
            5,
            true,
            "controls team",
            ["CVE-2024-0001", "CVE-2021-44228"]);
        var plant = new PlantSpec(
            PlantId.Parse("p.1"),
            "yes",
            "America/Argentina/Buenos_Aires",
            [new ShiftSpec("on", "off", new TimeOnly(0, 0), new TimeOnly(23, 59), [DayOfWeek.Saturday, DayOfWeek.Sunday])],
            [zone],
            [asset],
            [],
            []);
        var identity = new IdentitySpec(IdentityId.Parse("svc_1"), "1e3", IdentityKind.ServiceAccount, null, "@org", [new PlantAssignment(plant.Id, [], "on")]);
        var document = new FleetDocument("0x1F", [plant], [identity]);

        var read = FleetSamples.Read(FleetDocumentWriter.ToYaml(document));

        Assert.Equal(FleetSamples.Fingerprint(document), FleetSamples.Fingerprint(read));
    }

    [Fact]
    public void Optional_fields_and_empty_optional_lists_are_left_out()
    {
        var yaml = FleetDocumentWriter.ToYaml(FleetSamples.Document());

        Assert.DoesNotContain("fromAssets: []", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("vendor: null", yaml, StringComparison.Ordinal);
        Assert.Contains("purdueLevel: \"3.5\"", yaml, StringComparison.Ordinal);
        Assert.Contains("start: \"06:00\"", yaml, StringComparison.Ordinal);
        Assert.Contains("port: 443", yaml, StringComparison.Ordinal);
        Assert.StartsWith("apiVersion: ztfleet/v1\n", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_fleet_round_trips()
    {
        var empty = new FleetDocument("Empty", [], []);

        var yaml = FleetDocumentWriter.ToYaml(empty);

        Assert.Contains("plants: []", yaml, StringComparison.Ordinal);
        Assert.Equal(FleetSamples.Fingerprint(empty), FleetSamples.Fingerprint(FleetSamples.Read(yaml)));
    }

    private static FleetDocument SortedById(FleetDocument document) =>
        document with
        {
            Plants = document.Plants.OrderBy(p => p.Id.Value, StringComparer.Ordinal).Select(p => p with
            {
                Shifts = p.Shifts.OrderBy(s => s.Id, StringComparer.Ordinal).ToList(),
                MaintenanceWindows = p.MaintenanceWindows?.OrderBy(w => w.Id, StringComparer.Ordinal).ToList(),
                Zones = p.Zones.OrderBy(z => z.Id.Value, StringComparer.Ordinal).ToList(),
                Assets = p.Assets.OrderBy(a => a.Id.Value, StringComparer.Ordinal).ToList(),
                Conduits = p.Conduits.OrderBy(c => c.Id.Value, StringComparer.Ordinal).ToList(),
                Flows = p.Flows.OrderBy(f => f.Id.Value, StringComparer.Ordinal).ToList(),
            }).ToList(),
            Identities = document.Identities.OrderBy(i => i.Id.Value, StringComparer.Ordinal).ToList(),
            Roles = document.Roles?.OrderBy(r => r.Id, StringComparer.Ordinal).ToList(),
        };
}
