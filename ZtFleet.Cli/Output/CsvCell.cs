namespace ZtFleet.Cli.Output;

/// <summary>
/// One CSV cell (RFC 4180): quoted when it holds a comma, quote, or line break. A cell a spreadsheet would run as a
/// formula (starting with = + - @, a tab or a carriage return: CWE-1236) gets a leading single quote, so a name such as
/// <c>=HYPERLINK(...)</c> taken from the inventory stays text.
/// </summary>
internal static class CsvCell
{
    public static string Format(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
