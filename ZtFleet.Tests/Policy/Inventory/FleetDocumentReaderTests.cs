using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class FleetDocumentReaderTests
{
    [Fact]
    public void Sample_document_is_valid_and_normalised()
    {
        var document = FleetSamples.Document();

        Assert.Equal("Acme Manufacturing", document.Name);
        var plant = Assert.Single(document.Plants);
        Assert.Equal("Europe/Berlin", plant.TimeZone);
        var night = plant.Shifts.Single(s => s.Id == "night");
        Assert.Equal(new TimeOnly(22, 0), night.Start);
        Assert.Equal([DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday], night.Days);
        Assert.Equal(PurdueLevel.Level3_5, plant.Zones.Single(z => z.Id.Value == "dmz").PurdueLevel);

        var plc = plant.Assets.Single(a => a.Id.Value == "plc-press-1");
        Assert.Equal("00:1B:1B:12:34:56", plc.Mac);
        Assert.Equal(["CVE-2022-38465"], plc.Vulnerabilities);
        Assert.Null(plant.Assets.Single(a => a.Id.Value == "erp-1").Vendor);

        var https = plant.Conduits.Single(c => c.Id.Value == "erp-to-dmz");
        Assert.Equal(443, https.Port);
        Assert.Equal(ConduitDirection.FromTo, https.Direction);
        Assert.Empty(https.Operations);
        Assert.Empty(https.FromAssets);
        Assert.Equal(102, plant.Conduits.Single(c => c.Id.Value == "ews-to-cell-1").Port);
        Assert.Equal(102, plant.Flows.Single(f => f.Id.Value == "hmi-polls-press-1").Port);

        var jdoe = document.Identities.Single(i => i.Id.Value == "jdoe");
        Assert.Equal(IdentityKind.Employee, jdoe.Kind);
        Assert.Equal("early", Assert.Single(jdoe.Assignments).Shift);
    }

    [Fact]
    public void Json_document_reads_like_the_same_yaml()
    {
        const string json = """
            {
            	"apiVersion": "ztfleet/v1",
            	"fleet": { "name": "Acme" },
            	"plants": [
            		{
            			"id": "lyon", "name": "Lyon", "timeZone": "Europe/Paris",
            			"zones": [ { "id": "cell-1", "name": "Cell 1", "kind": "ot-control", "purdueLevel": 1, "securityLevelTarget": 2 } ],
            			"assets": [ { "id": "plc-1", "name": "PLC", "zone": "cell-1", "type": "plc", "criticality": 4, "safetyRelated": true, "ip": "fd00::a", "vulnerabilities": [] } ]
            		}
            	],
            	"identities": []
            }
            """;
        const string yaml = """
            apiVersion: ztfleet/v1
            fleet:
              name: Acme
            plants:
              - id: lyon
                name: Lyon
                timeZone: Europe/Paris
                zones:
                  - {id: cell-1, name: Cell 1, kind: ot-control, purdueLevel: "1", securityLevelTarget: 2}
                assets:
                  - {id: plc-1, name: PLC, zone: cell-1, type: plc, criticality: 4, safetyRelated: true, ip: "fd00::a"}
            """;

        var fromJson = FleetSamples.Read(json);

        Assert.Equal(FleetSamples.Fingerprint(FleetSamples.Read(yaml)), FleetSamples.Fingerprint(fromJson));
        Assert.True(fromJson.Plants[0].Assets[0].SafetyRelated);
    }

    [Fact]
    public void Json_violations_carry_the_line()
    {
        const string json = "{\n  \"apiVersion\": \"ztfleet/v1\",\n  \"plants\": [\n    { \"id\": \"lyon\", \"name\": \"Lyon\", \"timeZone\": \"Mars/Base\" }\n  ]\n}";

        var violation = Assert.Single(FleetDocumentReader.Read(json).Violations);

        Assert.Equal("plants[lyon].timeZone (line 4)", violation.Field);
    }

    [Fact]
    public void Document_above_the_size_limit_is_refused_without_parsing()
    {
        var text = "apiVersion: ztfleet/v1\n# " + new string('x', FleetDocumentReader.MaxDocumentBytes);

        var result = FleetDocumentReader.Read(text);

        Assert.Null(result.Document);
        var violation = Assert.Single(result.Violations);
        Assert.Equal("document", violation.Field);
        Assert.Contains("8 MiB", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_limit_counts_utf8_bytes_not_characters()
    {
        // Each '€' is three bytes: a third of the limit in characters is already over it in bytes.
        var text = "apiVersion: ztfleet/v1\n# " + new string('€', (FleetDocumentReader.MaxDocumentBytes / 3) + 1);

        Assert.Equal("document", Assert.Single(FleetDocumentReader.Read(text).Violations).Field);
    }

    [Theory]
    [InlineData("apiVersion: ztfleet/v1\nplants: [\n  {id: a\n", 4)]
    [InlineData("apiVersion: ztfleet/v1\nfleet:\n  name: x\n   bad: indentation\n", 4)]
    [InlineData("apiVersion: ztfleet/v1\nfleet: {name: \"unterminated}\n", 3)]
    public void Malformed_yaml_is_one_violation_with_its_line(string text, int line)
    {
        var result = FleetDocumentReader.Read(text);

        Assert.Null(result.Document);
        var violation = Assert.Single(result.Violations);
        Assert.StartsWith("document (line ", violation.Field, StringComparison.Ordinal);
        var reported = int.Parse(violation.Field["document (line ".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(reported, 2, line);
        Assert.Contains("malformed YAML", violation.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "the document is empty")]
    [InlineData("# only a comment\n", "the document is empty")]
    [InlineData("- a\n- b\n", "must be a mapping")]
    [InlineData("apiVersion: ztfleet/v1\n---\napiVersion: ztfleet/v1\n", "only one document")]
    [InlineData("apiVersion: ztfleet/v1\nfleet: &f {name: a}\nplants: *f\n", "aliases")]
    public void Documents_that_are_not_one_mapping_are_refused(string text, string fragment)
    {
        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Contains(fragment, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_input_is_refused_instead_of_overflowing_the_stack()
    {
        var text = "apiVersion: ztfleet/v1\nfleet: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Contains("nested deeper", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_api_version_is_reported()
    {
        var result = FleetDocumentReader.Read("fleet:\n  name: Acme\n");

        var violation = Assert.Single(result.Violations);
        Assert.Equal("apiVersion (line 1)", violation.Field);
        Assert.Contains("ztfleet/v1", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_key_is_rejected_with_its_line_and_a_suggestion()
    {
        var text = FleetSamples.Replace("timeZone: Europe/Berlin", "timezone: Europe/Berlin");

        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Equal($"plants[berlin].timezone (line {FleetSamples.LineOf(text, "timezone:")})", violation.Field);
        Assert.Equal("unknown key 'timezone'; did you mean 'timeZone'?", violation.Description);
    }

    [Fact]
    public void Unknown_key_without_a_near_match_lists_the_allowed_keys()
    {
        var text = FleetSamples.Replace("    securityLevelTarget: 4\n", "    securityLevelTarget: 4\n        colour: red\n");

        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Equal($"plants[berlin].zones[sis].colour (line {FleetSamples.LineOf(text, "colour")})", violation.Field);
        Assert.Contains("allowed: id, name, kind, purdueLevel, securityLevelTarget, description", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Repeated_key_is_rejected()
    {
        var text = FleetSamples.Replace("name: SAP ERP\n", "name: SAP ERP\n        name: ERP again\n");

        var violation = Assert.Single(FleetDocumentReader.Read(text).Violations);

        Assert.Equal($"plants[berlin].assets[erp-1].name (line {FleetSamples.LineOf(text, "ERP again")})", violation.Field);
        Assert.Contains("more than once", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var text = FleetSamples.Replace("criticality: 2", "criticality: 9");
        text = FleetSamples.Replace("type: hmi", "type: panel", text);
        text = FleetSamples.Replace("timeZone: Europe/Berlin", "timeZone: Europe/Hamburg", text);

        var violations = FleetDocumentReader.Read(text).Violations;

        Assert.Equal(3, violations.Count);

        // Ordered by line, as an editor shows them.
        Assert.StartsWith("plants[berlin].timeZone", violations[0].Field, StringComparison.Ordinal);
        Assert.StartsWith("plants[berlin].assets[erp-1].criticality", violations[1].Field, StringComparison.Ordinal);
        Assert.StartsWith("plants[berlin].assets[hmi-1].type", violations[2].Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_document_still_returns_the_best_effort_model()
    {
        var result = FleetDocumentReader.Read(FleetSamples.Replace("criticality: 2", "criticality: 9"));

        Assert.False(result.IsValid);
        Assert.NotNull(result.Document);
        Assert.Equal(9, result.Document.Plants[0].Assets.Single(a => a.Id.Value == "erp-1").Criticality);
    }

    [Fact]
    public void Identity_may_be_assigned_to_a_plant_the_fleet_already_holds()
    {
        var text = FleetSamples.Replace("plant: berlin\n        roles: [maintenance]", "plant: munich\n        roles: [maintenance]");

        Assert.Single(FleetDocumentReader.Read(text).Violations);
        Assert.True(FleetDocumentReader.Read(text, new HashSet<PlantId> { PlantId.Parse("munich") }).IsValid);
    }

    [Theory]
    [InlineData("3.5")]
    [InlineData("\"3.5\"")]
    [InlineData("3.50")]
    public void Purdue_level_accepts_numbers_and_strings(string written)
    {
        var text = FleetSamples.Replace("purdueLevel: \"3.5\"", $"purdueLevel: {written}");

        Assert.Equal(PurdueLevel.Level3_5, FleetSamples.Read(text).Plants[0].Zones.Single(z => z.Id.Value == "dmz").PurdueLevel);
    }

    [Theory]
    [InlineData("00-1B-1B-12-34-56")]
    [InlineData("001b.1b12.3456")]
    [InlineData("00:1b:1b:12:34:56")]
    public void Mac_spellings_are_stored_canonical(string written)
    {
        var text = FleetSamples.Replace("mac: 00:1b:1b:12:34:56", $"mac: {written}");

        Assert.Equal("00:1B:1B:12:34:56", FleetSamples.Read(text).Plants[0].Assets.Single(a => a.Mac is not null).Mac);
    }

    [Fact]
    public void Ipv6_is_stored_canonical()
    {
        var text = FleetSamples.Replace("ip: 10.10.21.11", "ip: \"2001:DB8:0:0::1\"");

        Assert.Equal("2001:db8::1", FleetSamples.Read(text).Plants[0].Assets.Single(a => a.Id.Value == "plc-press-1").Ip);
    }

    [Fact]
    public void Shift_name_defaults_to_its_id()
    {
        var text = FleetSamples.Replace("        name: Early shift\n", string.Empty);

        Assert.Equal("early", FleetSamples.Read(text).Plants[0].Shifts.Single(s => s.Id == "early").Name);
    }

    [Fact]
    public void Quoted_null_is_text_but_plain_null_is_absent()
    {
        var quoted = FleetSamples.Replace("owner: controls-engineering\n        vulnerabilities", "owner: \"null\"\n        vulnerabilities");
        var plain = FleetSamples.Replace("owner: controls-engineering\n        vulnerabilities", "owner: null\n        vulnerabilities");

        Assert.Equal("null", FleetSamples.Read(quoted).Plants[0].Assets.Single(a => a.Id.Value == "plc-press-1").Owner);
        Assert.Null(FleetSamples.Read(plain).Plants[0].Assets.Single(a => a.Id.Value == "plc-press-1").Owner);
    }
}
