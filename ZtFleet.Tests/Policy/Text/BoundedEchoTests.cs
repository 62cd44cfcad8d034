using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Text;
using ZtFleet.Tests.Api;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Text;

/// <summary>
/// A huge value fed through every validator that reports on documents and imports: each violation quotes at most
/// <see cref="Echo.MaxCharacters"/> characters of it (a 50 KB value quoted whole made the status too large to send).
/// </summary>
public sealed class BoundedEchoTests
{
    private const int Huge = 50_000;

    private static readonly string H = new('x', Huge);

    /// <summary>A snippet of <see cref="TestFleets.TwoPlants"/> and what replaces it (H: the huge value).</summary>
    public static TheoryData<string, string> DocumentCases => new()
    {
        { "- id: berlin", "- id: H" },
        { "zone: ent-it\n", "zone: H\n" },
        { "ip: 10.0.0.10", "ip: H" },
        { "mac: 00:1b:1b:12:34:56", "mac: H" },
        { "vulnerabilities: [CVE-2022-38465]", "vulnerabilities: [H]" },
        { "timeZone: Europe/Berlin", "timeZone: H" },
        { "type: erp", "type: H" },
        { "criticality: 2", "criticality: H" },
        { "purdueLevel: \"4\"", "purdueLevel: H" },
        { "start: \"22:00\"", "start: H" },
        { "days: [mon,", "days: [H," },
        { "kind: dmz", "kind: H" },
        { "operations: [view, operate]", "operations: [H, operate]" },
        { "operations: [read, browse, subscribe]", "operations: [H, browse, subscribe]" },
        { "fromAssets: [ews-1]", "fromAssets: [H]" },
        { "protocol: https", "protocol: H" },
        { "port: 443", "port: H" },
        { "apiVersion: ztfleet/v1", "apiVersion: H" },
        { "  name: Test Fleet", "  H: Test Fleet" },
        { "onShift: true", "onShift: H" },
        { "- plant: berlin", "- plant: H" },
        { "roles: [operator]", "roles: [H]" },
        { "shift: night", "shift: H" },
        { "kind: employee", "kind: H" },
        { "name: Max Vendor", "name: Max Vendor\n    email: H" },
        { "- id: mes-reads-plc-1", "- id: H" },
        { "- id: operator", "- id: H" },
        { "name: Test Fleet", "name: Test Fleet\n  H: 1\n  H: 2" },
    };

    [Theory]
    [MemberData(nameof(DocumentCases))]
    public void A_huge_value_in_a_fleet_document_is_quoted_short(string snippet, string replacement)
    {
        var text = ReplaceFirst(TestFleets.TwoPlants, snippet, replacement.Replace("H", H, StringComparison.Ordinal));

        var result = FleetDocumentReader.Read(text);

        AssertBounded(result.Violations);
    }

    public static TheoryData<string, string> CsvCases => new()
    {
        { "id,name,zone,type\nH,Press,cell-1,plc", "id" },
        { "id,name,zone,type\nplc-9,Press,H,plc", "zone" },
        { "id,name,zone,type\nplc-9,Press,cell-1,H", "type" },
        { "id,name,zone,type,criticality\nplc-9,Press,cell-1,plc,H", "criticality" },
        { "id,name,zone,type,safetyRelated\nplc-9,Press,cell-1,plc,H", "safetyRelated" },
        { "id,name,zone,type,ip\nplc-9,Press,cell-1,plc,H", "ip" },
        { "id,name,zone,type,mac\nplc-9,Press,cell-1,plc,H", "mac" },
        { "id,name,zone,type,vulnerabilities\nplc-9,Press,cell-1,plc,H", "vulnerabilities" },
        { "id,name,zone,type,H,H\nplc-9,Press,cell-1,plc,a,b", "duplicate header" },
        { "H\nplc-9", "no id column" },
        { "id,name,zone,type\n\"H,Press,cell-1,plc", "unclosed quote" },
    };

    [Theory]
    [MemberData(nameof(CsvCases))]
    public void A_huge_value_in_an_asset_csv_is_quoted_short(string csv, string what)
    {
        var result = AssetCsvReader.Read(csv.Replace("H", H, StringComparison.Ordinal), AssetCsvMapping.Default, FleetSamples.Plant());

        Assert.True(result.Violations.Count > 0, what);
        AssertBounded(result.Violations);
    }

    [Fact]
    public void A_huge_mapping_is_quoted_short()
    {
        var mapping = new AssetCsvMapping(new Dictionary<string, string> { [H] = "Name", ["id"] = H }, ',');

        var result = AssetCsvReader.Read("id,name\nplc-9,Press", mapping, FleetSamples.Plant());

        AssertBounded(result.Violations);
    }

    [Fact]
    public void Echo_quotes_a_prefix_and_the_length()
    {
        Assert.Equal("'plc-1'", Echo.Of("plc-1"));
        Assert.Equal($"'{new string('x', 64)}…' (50000 characters)", Echo.Of(H));
        Assert.Equal("'a\\u000ab'", Echo.Of("a\nb"));
        Assert.Equal("plc-1", Echo.Key("plc-1"));
        Assert.Equal(Echo.Of(H), Echo.Key(H));
        Assert.Equal("a, b", Echo.List(["a", "b"]));
        Assert.Equal("0, 1, 2, 3, 4, 5, 6, 7 … (20 in all)", Echo.List(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    private static void AssertBounded(IReadOnlyList<Violation> violations)
    {
        Assert.NotEmpty(violations);
        var run = new string('x', Echo.MaxCharacters + 1);
        foreach (var violation in violations)
        {
            Assert.DoesNotContain(run, violation.Field, StringComparison.Ordinal);
            Assert.DoesNotContain(run, violation.Description, StringComparison.Ordinal);
            Assert.True(violation.Field.Length + violation.Description.Length < 1000, $"{violation.Field.Length} + {violation.Description.Length} characters");
        }
    }

    private static string ReplaceFirst(string text, string snippet, string replacement)
    {
        var at = text.IndexOf(snippet, StringComparison.Ordinal);
        Assert.True(at >= 0, $"'{snippet}' is not in the test fleet");
        return string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + snippet.Length));
    }
}
