using System.Globalization;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>Incident ids: <c>inc-</c> and the fleet's incident number (<c>inc-42</c>).</summary>
public static class IncidentIds
{
    private const string Prefix = "inc-";

    /// <summary>The id of incident number <paramref name="number"/>.</summary>
    public static string Format(long number) => Prefix + number.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when <paramref name="id"/> is an incident id.</summary>
    public static bool IsValid(string? id) =>
        id is { Length: > 4 and <= 23 }
        && id.StartsWith(Prefix, StringComparison.Ordinal)
        && id[Prefix.Length] != '0'
        && id.AsSpan(Prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0;
}
