using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>
/// Imports of exports as OT monitoring tools and CMDBs write them (site and zone names, criticality words, vendor
/// device types, no id column) through a mapping file, and the CSV export's formula guard.
/// </summary>
public sealed class AssetImportMappingTests
{
    /// <summary>An OT monitoring tool's asset export, as it comes: names, words, robot controllers, no id column.</summary>
    private const string MonitoringExport = """
        Asset Name;Site;Zone;Purdue Level;Device Type;Vendor;Product;Firmware Version;IP Address;MAC Address;Risk;Serial Number
        Press Line 1 Robot 1;Berlin Stamping;Press line 1;Purdue 1;Kuka KRC4;KUKA;KR C4;8.6.7;10.10.21.71;00-1B-1B-AA-00-71;High;KRC-1001
        Press Line 1 Robot 2;berlin stamping;PRESS LINE 1;L1;Kuka KRC4;KUKA;KR C4;8.6.7;10.10.21.72;00:1b:1b:aa:00:72;High;KRC-1002
        Weld Cell Robot;Werk Lyon;Press line 1;Level 1;Robot Controller;FANUC;R-30iB Plus;V9.30;10.20.21.10;;Critical;
        Site Firewall;Berlin Stamping;Site operations;3;Firewall;Fortinet;FortiGate 100F;7.0.11;10.3.0.1;;Medium;FGT100F
        Feeder Relay;Werk Lyon;Press line 1;Level 1;Protection Relay;Siemens;SIPROTEC 5;V9.40;10.20.21.20;;Critical;
        Jump host;Berlin Stamping;Industrial DMZ;Level 3.5;Server;Dell;R650;2.1;10.2.0.5;;Medium;
        Vision Station;Berlin Stamping;Press line 1;L1;Cognex In-Sight 7000;Cognex;IS7802;6.2;10.10.21.80;;Low;
        """;

    private const string MonitoringMapping = """
        # The monitoring tool's export, as it comes.
        delimiter: ";"
        columns:
          name: Asset Name
          site: Site
          zone: Zone
          level: Purdue Level
          type: Device Type
          vendor: Vendor
          model: Product
          firmware: Firmware Version
          ip: IP Address
          mac: MAC Address
          criticality: Risk
          serial: Serial Number
        types:
          Kuka KRC4: robot-controller
        defaultType: sensor
        sites:
          Werk Lyon: lyon
        criticality:
          Low: 1
        """;

    private static readonly PlantSpec Berlin = FleetSamples.Plant();

    private static readonly PlantSpec Lyon = Berlin with { Id = PlantId.Parse("lyon"), Name = "Lyon Assembly", Assets = [], Conduits = [], Flows = [] };

    [Fact]
    public void A_monitoring_export_with_names_words_and_robot_controllers_imports_as_it_comes()
    {
        var result = Import(MonitoringExport, MonitoringMapping);

        Assert.Empty(result.Violations);
        Assert.Equal(
            [
                (2L, "berlin", "press-line-1-robot-1", "cell-1", AssetType.RobotController, 4, ImportRowChange.Added),
                (3L, "berlin", "press-line-1-robot-2", "cell-1", AssetType.RobotController, 4, ImportRowChange.Added),
                (4L, "lyon", "weld-cell-robot", "cell-1", AssetType.RobotController, 5, ImportRowChange.Added),
                (5L, "berlin", "site-firewall", "site-ops", AssetType.Firewall, 3, ImportRowChange.Added),
                (6L, "lyon", "feeder-relay", "cell-1", AssetType.Ied, 5, ImportRowChange.Added),
                (7L, "berlin", "jump-1", "dmz", AssetType.Server, 3, ImportRowChange.Changed),
                (8L, "berlin", "vision-station", "cell-1", AssetType.Sensor, 1, ImportRowChange.Added),
            ],
            result.Rows.Select(r => (r.Line, r.Plant.Value, r.Asset.Id.Value, r.Asset.Zone.Value, r.Asset.Type, r.Asset.Criticality, r.Change)));
        Assert.Equal(["vendor", "model", "firmware"], result.Rows.Single(r => r.Asset.Id.Value == "jump-1").ChangedFields);
        var robot = result.Rows[1].Asset;
        Assert.Equal(("Press Line 1 Robot 2", "KUKA", "KR C4", "00:1B:1B:AA:00:72", "KRC-1002"), (robot.Name, robot.Vendor, robot.Model, robot.Mac, robot.Serial));
        Assert.Equal(["berlin", "lyon"], result.Plants.Select(p => p.Id.Value));
        Assert.Equal(Berlin.Assets.Count + 4, result.Plants[0].Assets.Count);
    }

    [Fact]
    public void The_same_export_again_changes_nothing()
    {
        var first = Import(MonitoringExport, MonitoringMapping);
        var berlin = first.Plants.Single(p => p.Id == Berlin.Id);
        var lyon = first.Plants.Single(p => p.Id == Lyon.Id);

        var again = AssetCsvReader.Read(MonitoringExport, Mapping(MonitoringMapping), [berlin, lyon], null);

        Assert.Empty(again.Violations);
        Assert.All(again.Rows, r => Assert.Equal(ImportRowChange.Unchanged, r.Change));
        Assert.Equal(first.Rows.Select(r => r.Asset.Id), again.Rows.Select(r => r.Asset.Id));
    }

    [Fact]
    public void Every_rejected_row_is_named_by_line_and_header()
    {
        const string csv = """
            Asset Name;Site;Zone;Purdue Level;Device Type;Risk
            Robot 1;Berlin Stamping;Press line 1;Purdue 2;Kuka KRC4;High
            Robot-1;Berlin Stamping;Press line 1;L1;Kuka KRC4;High
            PLC Press 1;Berlin Stamping;Press line 1;L1;PLC;High
            Paint Robot;Werk Paris;Press line 1;L1;Kuka KRC4;High
            Robot 9;Berlin Stamping;Paint shop;L1;Kuka KRC4;Severe
            Robot 10;Berlin Stamping;Press line 1;Level 7;Teapot;High
            """;

        var result = AssetCsvReader.Read(csv, Mapping("delimiter: \";\"\ncolumns: {name: Asset Name, site: Site, zone: Zone, level: Purdue Level, type: Device Type, criticality: Risk}\ntypes: {Kuka KRC4: robot-controller}"), [Berlin, Lyon], null);

        Assert.Equal(
            [
                "line 2, column Purdue Level",
                "line 3, column Asset Name",
                "line 4, column Asset Name",
                "line 5, column Site",
                "line 6, column Zone",
                "line 6, column Risk",
                "line 7, column Purdue Level",
                "line 7, column Device Type",
            ],
            result.Violations.Select(v => v.Field));
        Assert.StartsWith("level 2 does not match zone 'cell-1', which is at Purdue level 1", result.Violations[0].Description, StringComparison.Ordinal);
        Assert.StartsWith("the name 'Robot-1' gives the id 'robot-1', as 'Robot 1' on line 2 does", result.Violations[1].Description, StringComparison.Ordinal);
        Assert.StartsWith("the name 'PLC Press 1' gives the id 'plc-press-1', which is already asset 'plc-press-1'", result.Violations[2].Description, StringComparison.Ordinal);
        Assert.StartsWith("site 'Werk Paris' is not a plant", result.Violations[3].Description, StringComparison.Ordinal);
        Assert.StartsWith("zone 'Paint shop' is neither the id nor the name of a zone of plant berlin", result.Violations[4].Description, StringComparison.Ordinal);
        Assert.StartsWith("criticality must be a whole number 1 to 5 or a word (very low 1, minimal 1, low 2", result.Violations[5].Description, StringComparison.Ordinal);
        Assert.Contains("name it in the mapping's types: or set defaultType:", result.Violations[7].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_site_column_the_given_plant_takes_every_row_and_without_one_the_header_is_refused()
    {
        const string csv = "name,zone,type,criticality\nNew Robot,cell-1,Robot Controller,Critical\n";

        var given = AssetCsvReader.Read(csv, AssetCsvMapping.Default, [Berlin, Lyon], Lyon.Id);
        var none = AssetCsvReader.Read(csv, AssetCsvMapping.Default, [Berlin, Lyon], null);

        Assert.Equal(("lyon", "new-robot", 5), (given.Rows.Single().Plant.Value, given.Rows.Single().Asset.Id.Value, given.Rows.Single().Asset.Criticality));
        Assert.Equal("line 1", Assert.Single(none.Violations).Field);
        Assert.Contains("no plant for the rows", none.Violations[0].Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3.5", PurdueLevel.Level3_5)]
    [InlineData("L2", PurdueLevel.Level2)]
    [InlineData("l 0", PurdueLevel.Level0)]
    [InlineData("Level 3.5", PurdueLevel.Level3_5)]
    [InlineData("Purdue 2", PurdueLevel.Level2)]
    [InlineData("Purdue Level 1", PurdueLevel.Level1)]
    [InlineData("Lvl 4", PurdueLevel.Level4)]
    [InlineData("level 3,5", PurdueLevel.Level3_5)]
    [InlineData("5", PurdueLevel.Level5)]
    public void Level_spellings_are_understood(string written, PurdueLevel level)
    {
        Assert.True(PurdueLevelText.TryParse(written, out var parsed));
        Assert.Equal(level, parsed);
    }

    [Theory]
    [InlineData("6")]
    [InlineData("2.5")]
    [InlineData("Level")]
    [InlineData("top")]
    public void Other_levels_are_not(string written) =>
        Assert.False(PurdueLevelText.TryParse(written, out _));

    [Theory]
    [InlineData("Press Line 2 – PLC", "press-line-2-plc")]
    [InlineData("  Schweißroboter Süd #3 ", "schweissroboter-sud-3")]
    [InlineData("HMI_Line.4", "hmi-line-4")]
    [InlineData("Ünïcödé", "unicode")]
    [InlineData("###", null)]
    public void Ids_derived_from_names_are_stable_slugs(string name, string? id) =>
        Assert.Equal(id, AssetIdSlug.Of(name));

    [Fact]
    public void A_mapping_file_with_mistakes_names_each_by_key_and_line()
    {
        const string yaml = """
            delimiter: ";;"
            columns:
              colour: Colour
            criticality:
              Severe: 9
            types:
              Kuka KRC4: gizmo
            defaultType: teapot
            sites:
              Werk Lyon: Lyon Assembly
            extra: 1
            """;

        var (mapping, violations) = AssetCsvMappingReader.Read(yaml);

        Assert.Null(mapping);
        Assert.Equal(
            [
                "mapping.delimiter (line 1)",
                "mapping.columns[colour] (line 3)",
                "mapping.criticality[Severe] (line 5)",
                "mapping.types[Kuka KRC4] (line 7)",
                "mapping.defaultType (line 8)",
                "mapping.sites[Werk Lyon] (line 10)",
                "mapping.extra (line 11)",
            ],
            violations.Select(v => v.Field));
    }

    [Fact]
    public void Exported_cells_never_start_a_formula_and_import_back_unchanged()
    {
        var plc = Berlin.Assets.Single(a => a.Id.Value == "plc-press-1");
        AssetSpec[] assets =
        [
            plc with { Name = "=HYPERLINK(\"http://evil.example/\",\"Click\")", Owner = "+41 44 000 00 00", Model = "-S7", Serial = "@SUM(A1)" },
            plc with { Id = AssetId.Parse("plc-press-9"), Ip = null, Mac = null, Name = "-1 spare", Owner = "'quoted already", Firmware = "=1+1" },
        ];

        var csv = AssetCsvWriter.ToCsv(assets);

        var cells = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .SelectMany(line => line.Split(','))
            .Select(cell => cell.TrimStart('"'));
        Assert.All(cells, cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0], StringComparison.Ordinal), $"cell {cell} starts a formula"));
        Assert.Contains("'=HYPERLINK", csv, StringComparison.Ordinal);
        var read = AssetCsvReader.Read(csv, AssetCsvMapping.Default, Berlin);
        Assert.Empty(read.Violations);
        Assert.Equal(
            assets.Select(a => (a.Name, a.Owner, a.Model, a.Serial, a.Firmware)),
            read.Assets.Select(a => (a.Name, a.Owner, a.Model, a.Serial, a.Firmware)));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+49 30", "'+49 30")]
    [InlineData("-x", "'-x")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("plain", "plain")]
    [InlineData("'kept", "'kept")]
    [InlineData("", "")]
    public void The_formula_guard_quotes_what_a_spreadsheet_would_run_and_takes_it_off_again(string cell, string written)
    {
        Assert.Equal(written, CsvFormulaGuard.Guard(cell));
        Assert.Equal(cell, CsvFormulaGuard.Unguard(written));
    }

    private static AssetImportResult Import(string csv, string mapping) =>
        AssetCsvReader.Read(csv, Mapping(mapping), [Berlin, Lyon], null);

    private static AssetCsvMapping Mapping(string yaml)
    {
        var (mapping, violations) = AssetCsvMappingReader.Read(yaml);
        Assert.Empty(violations);
        return mapping!;
    }
}
