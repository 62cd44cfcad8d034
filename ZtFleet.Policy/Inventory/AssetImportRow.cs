using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The asset one CSV row results in: its line in the file, the plant it goes to, the whole asset after the import,
/// what changes, and which fields change for an existing asset (fleet document field names).
/// </summary>
public sealed record AssetImportRow(long Line, PlantId Plant, AssetSpec Asset, ImportRowChange Change, IReadOnlyList<string> ChangedFields);
