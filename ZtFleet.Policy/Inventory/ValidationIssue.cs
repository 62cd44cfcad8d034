namespace ZtFleet.Policy.Inventory;

/// <summary>
/// A violation before it is given a source location. <see cref="Occurrence"/> counts how many entities with the same
/// path came before the one concerned (0 unless ids are duplicated), so the reader can find the right line.
/// </summary>
internal sealed record ValidationIssue(string Path, int Occurrence, string Description);
