namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Keeps spreadsheets from running CSV cells as formulas (CSV injection): a cell ZtFleet writes that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return gets a single quote in front, which spreadsheets
/// show as text; the import takes that quote off again, so an export imports back unchanged.
/// </summary>
public static class CsvFormulaGuard
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary><paramref name="cell"/> with a leading <c>'</c> when a spreadsheet would read it as a formula.</summary>
    public static string Guard(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 0 && Triggers.Contains(cell[0]) ? "'" + cell : cell;
    }

    /// <summary>
    /// <paramref name="cell"/> without the quote <see cref="Guard"/> added: a leading <c>'</c> followed by one of the
    /// formula characters. Any other leading quote is data and stays.
    /// </summary>
    public static string Unguard(string cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        return cell.Length > 1 && cell[0] == '\'' && Triggers.Contains(cell[1]) ? cell[1..] : cell;
    }
}
