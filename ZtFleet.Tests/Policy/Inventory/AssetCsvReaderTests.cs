using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

public sealed class AssetCsvReaderTests
{
    private static readonly PlantSpec Berlin = FleetSamples.Plant();

    [Fact]
    public void Columns_named_after_fields_need_no_mapping()
    {
        const string csv = """
            id,name,zone,type,vendor,model,firmware,serial,ip,mac,criticality,safetyRelated,owner,vulnerabilities
            plc-press-2,Press line 2 PLC,cell-1,plc,Siemens,S7-1518,V3.0,SN2,10.10.21.12,00-1B-1B-AA-BB-CC,5,no,controls,CVE-2022-38465;CVE-2023-1234
            """;

        var result = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin);

        Assert.Empty(result.Violations);
        var asset = Assert.Single(result.Assets);
        Assert.Equal(
            new AssetSpec(
                AssetId.Parse("plc-press-2"), "Press line 2 PLC", ZoneId.Parse("cell-1"), AssetType.Plc, "Siemens", "S7-1518", "V3.0", "SN2",
                "10.10.21.12", "00:1B:1B:AA:BB:CC", 5, false, "controls", asset.Vulnerabilities),
            asset);
        Assert.Equal(["CVE-2022-38465", "CVE-2023-1234"], asset.Vulnerabilities);
    }

    [Fact]
    public void Mapping_names_the_export_columns_and_the_delimiter()
    {
        const string csv = """
            Device Name;IP Address;MAC;Device Type;Segment;Risk;SIS;Known CVEs;Asset Tag
            Line 3 HMI;10.10.21.30;001b.1b00.0030;Operator Panel;CELL-1;3;false;cve-2021-1111 CVE-2021-2222;HMI-3
            """;
        var mapping = new AssetCsvMapping(
            new Dictionary<string, string>
            {
                ["id"] = "Asset Tag",
                ["name"] = "Device Name",
                ["ip"] = "ip address",
                ["type"] = "Device Type",
                ["zone"] = "Segment",
                ["criticality"] = "Risk",
                ["SafetyRelated"] = "SIS",
                ["vulnerabilities"] = "Known CVEs",
            },
            ';');

        var result = AssetCsvReader.Read(csv, mapping, Berlin);

        Assert.Empty(result.Violations);
        var asset = Assert.Single(result.Assets);
        Assert.Equal(("hmi-3", "Line 3 HMI", "cell-1", AssetType.Hmi), (asset.Id.Value, asset.Name, asset.Zone.Value, asset.Type));
        Assert.Equal("00:1B:1B:00:00:30", asset.Mac);
        Assert.Equal(["CVE-2021-1111", "CVE-2021-2222"], asset.Vulnerabilities);
    }

    [Theory]
    [InlineData("PLC", AssetType.Plc)]
    [InlineData("Safety Controller", AssetType.SafetyController)]
    [InlineData("safety_plc", AssetType.SafetyController)]
    [InlineData("Engineering Workstation", AssetType.EngineeringWorkstation)]
    [InlineData("EWS", AssetType.EngineeringWorkstation)]
    [InlineData("HMI", AssetType.Hmi)]
    [InlineData("SCADA", AssetType.ScadaServer)]
    [InlineData("IIoT Gateway", AssetType.IiotGateway)]
    [InlineData("Switch", AssetType.Switch)]
    [InlineData("Robot Controller", AssetType.RobotController)]
    [InlineData("RTU", AssetType.Rtu)]
    [InlineData("Protection Relay", AssetType.Ied)]
    [InlineData("IED", AssetType.Ied)]
    [InlineData("NGFW", AssetType.Firewall)]
    [InlineData("Router", AssetType.Router)]
    [InlineData("IP Camera", AssetType.Camera)]
    [InlineData("UPS", AssetType.Ups)]
    [InlineData("Frequency Inverter", AssetType.Drive)]
    [InlineData("wireless-access-point", AssetType.WirelessAccessPoint)]
    [InlineData("VFD", AssetType.Drive)]
    [InlineData("network-device", AssetType.NetworkDevice)]
    public void Usual_type_spellings_are_understood(string written, AssetType type)
    {
        var result = AssetCsvReader.Read($"id,zone,type,criticality\nx-1,cell-1,{written},2\n", AssetCsvMapping.Default, Berlin);

        Assert.Equal(type, Assert.Single(result.Assets).Type);
    }

    [Theory]
    [InlineData("yes", true)]
    [InlineData("Y", true)]
    [InlineData("1", true)]
    [InlineData("TRUE", true)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    [InlineData("False", false)]
    public void Usual_boolean_spellings_are_understood(string written, bool value)
    {
        var result = AssetCsvReader.Read($"id,zone,type,criticality,safetyRelated\nx-1,cell-1,plc,2,{written}\n", AssetCsvMapping.Default, Berlin);

        Assert.Equal(value, Assert.Single(result.Assets).SafetyRelated);
    }

    [Fact]
    public void Bad_rows_are_reported_by_line_and_column_and_left_out()
    {
        const string csv = """
            id,zone,type,ip,mac,criticality,safetyRelated,vulnerabilities
            ok-1,cell-1,plc,10.10.21.50,,3,no,
            bad ip,cell-1,plc,10.10.21.51,,3,no,
            bad-2,cell-9,gizmo,10.1,zz:zz,7,maybe,CVE-1 CVE-2020-12345 nope
            """;

        var result = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin);

        Assert.Equal(["ok-1"], result.Assets.Select(a => a.Id.Value));
        (string Field, string Description)[] expected =
        [
            ("line 3, column id", "id 'bad ip' is not a valid id (1-63 of a-z 0-9 - _ ., starting with a letter or digit)"),
            ("line 4, column type", "'gizmo' is not an asset type"),
            ("line 4, column safetyRelated", "safetyRelated must be true/false, yes/no or 1/0, not 'maybe'"),
            ("line 4, column zone", "zone 'cell-9' is not defined in plant berlin"),
            ("line 4, column ip", "'10.1' is not an IP address"),
            ("line 4, column mac", "'zz:zz' is not a MAC address"),
            ("line 4, column criticality", "criticality must be 1 (low) to 5 (highest), not 7"),
            ("line 4, column vulnerabilities", "'CVE-1' is not a CVE id"),
            ("line 4, column vulnerabilities", "'NOPE' is not a CVE id"),
        ];
        Assert.Equal(expected.Select(e => e.Field), result.Violations.Select(v => v.Field));
        Assert.All(
            expected.Zip(result.Violations),
            pair => Assert.StartsWith(pair.First.Description, pair.Second.Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicates_within_the_file_and_with_other_assets_of_the_plant_are_reported()
    {
        const string csv = """
            id,zone,type,criticality,ip,mac
            new-1,cell-1,plc,3,10.10.21.60,
            new-1,cell-1,plc,3,10.10.21.61,
            new-2,cell-1,plc,3,10.10.21.60,
            new-3,cell-1,plc,3,10.10.21.10,
            new-4,cell-1,plc,3,,00:1B:1B:12:34:56
            """;

        var result = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin);

        Assert.Equal(
            [
                ("line 3, column id", "id 'new-1' is already imported on line 2"),
                ("line 4, column ip", "ip 10.10.21.60 is already used by asset new-1 on line 2"),
                ("line 5, column ip", "ip 10.10.21.10 is already used by asset hmi-1 of plant berlin"),
                ("line 6, column mac", "mac 00:1B:1B:12:34:56 is already used by asset plc-press-1 of plant berlin"),
            ],
            result.Violations.Select(v => (v.Field, v.Description)));
        Assert.Equal(["new-1"], result.Assets.Select(a => a.Id.Value));
    }

    [Fact]
    public void Reimporting_an_asset_may_keep_or_move_its_own_address()
    {
        const string csv = """
            id,ip
            plc-press-1,10.10.21.11
            hmi-1,10.10.21.99
            ews-1,10.10.21.10
            """;

        var result = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin);

        // hmi-1 gives up 10.10.21.10 in the same import, so ews-1 may take it.
        Assert.Empty(result.Violations);
        Assert.Equal(3, result.Assets.Count);
    }

    [Fact]
    public void Empty_cells_and_missing_columns_keep_the_existing_values()
    {
        const string csv = "id,firmware,criticality,zone\nplc-press-1,V3.1,,\n";

        var asset = Assert.Single(AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin).Assets);

        var existing = Berlin.Assets.Single(a => a.Id.Value == "plc-press-1");
        Assert.Equal(existing with { Firmware = "V3.1" }, asset with { Vulnerabilities = existing.Vulnerabilities });
        Assert.Equal(existing.Vulnerabilities, asset.Vulnerabilities);
    }

    [Fact]
    public void New_asset_needs_zone_type_and_criticality()
    {
        var result = AssetCsvReader.Read("id,name\nnew-1,New\n", AssetCsvMapping.Default, Berlin);

        Assert.Empty(result.Assets);
        Assert.Equal(
            [
                ("line 2, column zone", "zone is required"),
                ("line 2, column type", "type is required: one of plc, safety-controller, hmi, scada-server, engineering-workstation, historian, mes, erp, sensor, actuator, iiot-gateway, network-device, server, workstation, rtu, drive, robot-controller, ied, firewall, router, switch, camera, ups, wireless-access-point, cnc, printer"),
                ("line 2, column criticality", "criticality must be 1 (low) to 5 (highest), not 0"),
            ],
            result.Violations.Select(v => (v.Field, v.Description)));
    }

    [Fact]
    public void Missing_id_and_name_columns_are_reported_on_the_header_line()
    {
        var violation = Assert.Single(AssetCsvReader.Read("ip,mac\n10.0.0.1,\n", AssetCsvMapping.Default, Berlin).Violations);

        Assert.Equal("line 1", violation.Field);
        Assert.Contains("no column for id or name", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_in_another_delimiter_gets_a_hint()
    {
        var violation = Assert.Single(AssetCsvReader.Read("id;zone\nx;cell-1\n", AssetCsvMapping.Default, Berlin).Violations);

        Assert.EndsWith("is the delimiter right?", violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Byte_order_mark_and_upper_case_ids_are_accepted()
    {
        var asset = Assert.Single(AssetCsvReader.Read("\uFEFFID,Zone,Type,Criticality\nPLC-9,CELL-1,plc,2\n", AssetCsvMapping.Default, Berlin).Assets);

        Assert.Equal(("plc-9", "cell-1"), (asset.Id.Value, asset.Zone.Value));
    }

    [Fact]
    public void Mapping_to_an_absent_column_or_an_unknown_field_is_reported()
    {
        var mapping = new AssetCsvMapping(new Dictionary<string, string> { ["ip"] = "IP Address", ["colour"] = "Colour" });

        var violations = AssetCsvReader.Read("id,name\nx,y\n", mapping, Berlin).Violations;

        Assert.Equal("mapping[colour]", Assert.Single(violations).Field);

        var absent = AssetCsvReader.Read(
            "id,zone,type,criticality\nx-1,cell-1,plc,1\n",
            new AssetCsvMapping(new Dictionary<string, string> { ["ip"] = "IP Address" }),
            Berlin);
        Assert.Contains("the column 'IP Address' mapped to ip is not in the header", Assert.Single(absent.Violations).Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_rows_and_wrong_field_counts_name_their_line()
    {
        const string csv = "id,zone,type,criticality\nx-1,cell-1,plc,1\nx-2,\"cell-1\"oops,plc,1\nx-3,cell-1,plc\n\nx-4,\"multi\nline\",plc,1\nx-5,cell-1,plc,2\n";

        var result = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin);

        Assert.Equal(["x-1", "x-5"], result.Assets.Select(a => a.Id.Value));
        Assert.Equal(["line 3", "line 4", "line 6, column zone"], result.Violations.Select(v => v.Field));
    }

    [Fact]
    public void File_above_the_size_limit_is_refused()
    {
        var csv = "id\n" + new string('a', AssetCsvReader.MaxBytes);

        Assert.Equal("csv", Assert.Single(AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin).Violations).Field);
    }

    [Fact]
    public void Merge_upserts_by_id_and_the_result_passes_the_document_rules()
    {
        const string csv = "id,zone,type,criticality,firmware\nplc-press-1,cell-1,plc,5,V3.1\nplc-press-2,cell-1,plc,4,V3.1\n";
        var imported = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin).Assets;

        var merged = AssetCsvReader.MergeInto(Berlin, imported);

        Assert.Equal(Berlin.Assets.Count + 1, merged.Assets.Count);
        Assert.Equal(Berlin.Assets.Select(a => a.Id), merged.Assets.Take(Berlin.Assets.Count).Select(a => a.Id));
        Assert.Equal("plc-press-2", merged.Assets[^1].Id.Value);
        Assert.Equal("V3.1", merged.Assets.Single(a => a.Id.Value == "plc-press-1").Firmware);
        Assert.Empty(FleetDocumentValidator.Validate(new FleetDocument("f", [merged], [])));
    }

    [Fact]
    public void Merge_result_is_checked_against_conduits_naming_assets()
    {
        // ews-1 is named by a conduit from site-ops; moving it to another zone breaks that conduit.
        var imported = AssetCsvReader.Read("id,zone\news-1,dmz\n", AssetCsvMapping.Default, Berlin);
        Assert.Empty(imported.Violations);

        var merged = AssetCsvReader.MergeInto(Berlin, imported.Assets);

        var violation = Assert.Single(FleetDocumentValidator.Validate(new FleetDocument("f", [merged], [])));
        Assert.Equal("plants[berlin].conduits[ews-to-cell-1].fromAssets[ews-1]", violation.Field);
    }
}
