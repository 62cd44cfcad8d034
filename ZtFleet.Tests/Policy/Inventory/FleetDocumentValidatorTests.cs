using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>The rules on a model built in code (no source lines): what the grains and the CSV import rely on.</summary>
public sealed class FleetDocumentValidatorTests
{
    [Fact]
    public void Valid_model_has_no_violation()
    {
        Assert.Empty(FleetDocumentValidator.Validate(FleetSamples.Document()));
    }

    [Fact]
    public void Paths_have_no_line_and_entities_without_id_are_named_by_position()
    {
        var plant = FleetSamples.Plant();
        var broken = plant with { Assets = [.. plant.Assets, FleetSamples.Asset("x", "cell-1") with { Id = default }] };

        var violation = Assert.Single(FleetDocumentValidator.Validate(new FleetDocument("f", [broken], [])));

        Assert.Equal("plants[berlin].assets[#7].id", violation.Field);
        Assert.Equal("id is missing", violation.Description);
    }

    [Fact]
    public void Addresses_must_be_canonical_in_the_model()
    {
        var plant = FleetSamples.Plant();
        var assets = plant.Assets.Select(a => a.Id.Value == "plc-press-1" ? a with { Ip = "2001:DB8::1", Mac = "00-1b-1b-12-34-56" } : a).ToList();

        var violations = FleetDocumentValidator.Validate(new FleetDocument("f", [plant with { Assets = assets }], []));

        Assert.Equal(
            [
                ("plants[berlin].assets[plc-press-1].ip", "'2001:DB8::1' is not in canonical form '2001:db8::1'"),
                ("plants[berlin].assets[plc-press-1].mac", "'00-1b-1b-12-34-56' is not in canonical form '00:1B:1B:12:34:56'"),
            ],
            violations.Select(v => (v.Field, v.Description)));
    }

    [Fact]
    public void Unspecified_enumerations_are_required()
    {
        var plant = FleetSamples.Plant();
        var zones = plant.Zones.Select(z => z.Id.Value == "dmz" ? z with { Kind = ZoneKind.Unspecified } : z).ToList();
        var conduits = plant.Conduits.Select(c => c.Id.Value == "erp-to-dmz" ? c with { Direction = ConduitDirection.Unspecified } : c).ToList();

        var violations = FleetDocumentValidator.Validate(new FleetDocument("f", [plant with { Zones = zones, Conduits = conduits }], []));

        Assert.Equal(["plants[berlin].zones[dmz].kind", "plants[berlin].conduits[erp-to-dmz].direction"], violations.Select(v => v.Field));
    }

    [Fact]
    public void Shift_times_must_be_whole_minutes()
    {
        var plant = FleetSamples.Plant();
        var shifts = plant.Shifts.Select(s => s with { End = new TimeOnly(14, 0, 30) }).ToList();

        var violations = FleetDocumentValidator.Validate(new FleetDocument("f", [plant with { Shifts = shifts }], []));

        Assert.Equal(["plants[berlin].shifts[early].end", "plants[berlin].shifts[night].end"], violations.Select(v => v.Field));
    }

    [Fact]
    public void Known_plants_satisfy_assignments_without_checking_their_shift()
    {
        var identity = new IdentitySpec(IdentityId.Parse("ana"), "Ana", IdentityKind.Employee, null, null, [new PlantAssignment(PlantId.Parse("lyon"), ["operator"], "whatever")]);
        var document = new FleetDocument("f", [], [identity], [new RoleSpec("operator", null, [])]);

        Assert.Single(FleetDocumentValidator.Validate(document));
        Assert.Empty(FleetDocumentValidator.Validate(document, new HashSet<PlantId> { PlantId.Parse("lyon") }));
    }
}
