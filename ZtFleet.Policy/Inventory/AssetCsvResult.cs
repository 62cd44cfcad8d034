namespace ZtFleet.Policy.Inventory;

/// <summary>
/// The rows of an asset CSV that could be read without violation, and the violations of the others
/// (<c>line N, column X</c>). Import only when <see cref="Violations"/> is empty.
/// </summary>
public sealed record AssetCsvResult(IReadOnlyList<AssetSpec> Assets, IReadOnlyList<Violation> Violations);
