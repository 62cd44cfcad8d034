namespace ZtFleet.Policy.Inventory;

/// <summary>
/// How the columns of an asset CSV export map to asset fields. <see cref="Columns"/> maps an asset field name
/// (<c>id</c>, <c>name</c>, <c>zone</c>, <c>type</c>, <c>vendor</c>, <c>model</c>, <c>firmware</c>, <c>serial</c>,
/// <c>ip</c>, <c>mac</c>, <c>criticality</c>, <c>safetyRelated</c>, <c>owner</c>, <c>vulnerabilities</c>;
/// case-insensitive) to the header of the column that holds it. A field without a mapping is read from the column
/// whose header is the field name (case-insensitive), if there is one.
/// </summary>
public sealed record AssetCsvMapping(IReadOnlyDictionary<string, string> Columns, char Delimiter = ',')
{
    /// <summary>No mapping: every field from the column of the same name, comma-separated.</summary>
    public static AssetCsvMapping Default { get; } = new(new Dictionary<string, string>());
}
