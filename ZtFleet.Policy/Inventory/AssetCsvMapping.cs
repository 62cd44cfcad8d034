namespace ZtFleet.Policy.Inventory;

/// <summary>
/// How an asset CSV export maps to assets (docs/imports.md). <see cref="Columns"/> maps an asset field name
/// (<see cref="AssetCsvReader.FieldNames"/>; case-insensitive) to the header of the column that holds it. A field without
/// a mapping is read from the column whose header is the field name (case-insensitive), if there is one. The other
/// members translate the export's words: criticality words, device types, site and zone names.
/// </summary>
/// <remarks>Read from a mapping file with <see cref="AssetCsvMappingReader"/>.</remarks>
public sealed record AssetCsvMapping(IReadOnlyDictionary<string, string> Columns, char Delimiter = ',')
{
    /// <summary>No mapping: every field from the column of the same name, comma-separated.</summary>
    public static AssetCsvMapping Default { get; } = new(new Dictionary<string, string>());

    /// <summary>
    /// The criticality words every import understands (case-insensitive): <c>very low</c> and <c>minimal</c> 1,
    /// <c>low</c> 2, <c>medium</c> and <c>moderate</c> 3, <c>high</c> 4, <c>critical</c> and <c>very high</c> 5.
    /// <see cref="CriticalityWords"/> adds to them and overrides them.
    /// </summary>
    public static IReadOnlyDictionary<string, int> DefaultCriticalityWords { get; } =
        new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
        {
            ["very low"] = 1,
            ["minimal"] = 1,
            ["low"] = 2,
            ["medium"] = 3,
            ["moderate"] = 3,
            ["high"] = 4,
            ["critical"] = 5,
            ["very high"] = 5,
        };

    /// <summary>Criticality words of the export (case-insensitive) and the criticality 1-5 each stands for.</summary>
    public IReadOnlyDictionary<string, int> CriticalityWords { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Device types of the export (<c>Kuka KRC4</c>) and the asset type each is; compared as type spellings are
    /// (case, spaces and punctuation ignored), before the built-in spellings.
    /// </summary>
    public IReadOnlyDictionary<string, AssetType> Types { get; init; } = new Dictionary<string, AssetType>();

    /// <summary>The type of a row whose type cell is none of <see cref="Types"/> and no known spelling; null: such a row is rejected.</summary>
    public AssetType? DefaultType { get; init; }

    /// <summary>Site names of the export and the plant id each is (case-insensitive), before plant ids and names.</summary>
    public IReadOnlyDictionary<string, string> Sites { get; init; } = new Dictionary<string, string>();

    /// <summary>Zone names of the export and the zone id each is (case-insensitive), before zone ids and names.</summary>
    public IReadOnlyDictionary<string, string> Zones { get; init; } = new Dictionary<string, string>();

    /// <summary>The criticality of <paramref name="word"/>: <see cref="CriticalityWords"/> first, then the defaults.</summary>
    public bool TryCriticalityWord(string word, out int criticality)
    {
        ArgumentNullException.ThrowIfNull(word);
        var key = string.Join(' ', word.Split([' ', '\t', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
        foreach (var (written, value) in CriticalityWords ?? new Dictionary<string, int>())
        {
            if (string.Equals(string.Join(' ', written.Split([' ', '\t', '-', '_'], StringSplitOptions.RemoveEmptyEntries)), key, StringComparison.OrdinalIgnoreCase))
            {
                criticality = value;
                return true;
            }
        }

        return DefaultCriticalityWords.TryGetValue(key, out criticality);
    }
}
