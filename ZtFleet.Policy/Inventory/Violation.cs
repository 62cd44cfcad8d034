namespace ZtFleet.Policy.Inventory;

/// <summary>
/// One problem found in a fleet document or an import. <see cref="Field"/> names where it is: a path such as
/// <c>plants[berlin].assets[plc-1].ip</c>, followed by <c> (line 42)</c> when the source line is known; for CSV
/// imports <c>line 7, column ip</c>.
/// </summary>
public sealed record Violation(string Field, string Description);
