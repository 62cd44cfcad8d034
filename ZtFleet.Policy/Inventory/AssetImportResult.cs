namespace ZtFleet.Policy.Inventory;

/// <summary>
/// An import of a CSV that may route rows to several plants (a site column): each accepted row
/// (<see cref="Rows"/>, in file order), every violation of the others (<c>line N, column X</c>), and
/// <see cref="Plants"/>: each plant that rows go to, with its assets upserted. Apply only when
/// <see cref="Violations"/> is empty.
/// </summary>
public sealed record AssetImportResult(IReadOnlyList<AssetImportRow> Rows, IReadOnlyList<Violation> Violations, IReadOnlyList<PlantSpec> Plants);
