using System.Globalization;
using System.Text;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Writes assets as the CSV that <see cref="AssetCsvReader"/> reads with its default mapping (a header of the
/// reader's field names, comma-delimited, RFC 4180 quoting): an export an inventory tool or a spreadsheet can open,
/// and that imports back unchanged.
/// </summary>
/// <remarks>
/// <c>usedBy</c> is not a CSV column: it names an identity, which a fleet document carries. No cell is one a
/// spreadsheet would run as a formula: a cell starting with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage
/// return is written with a leading <c>'</c> (<see cref="CsvFormulaGuard"/>), which the reader takes off again.
/// </remarks>
public static class AssetCsvWriter
{
    private static readonly string[] Header =
    [
        "id", "name", "zone", "type", "vendor", "model", "firmware", "serial", "ip", "mac", "criticality", "safetyRelated",
        "owner", "vulnerabilities", "neverAuto",
    ];

    /// <summary>The CSV text of <paramref name="assets"/>, one row each in the given order, LF line ends.</summary>
    public static string ToCsv(IEnumerable<AssetSpec> assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        var text = new StringBuilder();
        text.AppendJoin(',', Header).Append('\n');
        foreach (var asset in assets)
        {
            string?[] cells =
            [
                asset.Id.Value,
                asset.Name,
                asset.Zone.Value,
                InventoryVocabulary.Name(asset.Type),
                asset.Vendor,
                asset.Model,
                asset.Firmware,
                asset.Serial,
                asset.Ip,
                asset.Mac,
                asset.Criticality.ToString(CultureInfo.InvariantCulture),
                asset.SafetyRelated ? "true" : "false",
                asset.Owner,
                string.Join(';', asset.Vulnerabilities),
                asset.NeverAuto ? "true" : "false",
            ];
            text.AppendJoin(',', cells.Select(Quote)).Append('\n');
        }

        return text.ToString();
    }

    private static string Quote(string? cell)
    {
        if (cell is null)
        {
            return string.Empty;
        }

        var value = CsvFormulaGuard.Guard(cell);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
            : value;
    }
}
