using System.Globalization;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// Where a page of incidents ended: incidents are listed by when they opened, newest first, then by id; the next page
/// starts after this one. Written as a page token <c>{opened unix ms}.{id}</c>.
/// </summary>
/// <param name="Opened">The last listed incident's opening time.</param>
/// <param name="Id">The last listed incident's id.</param>
public sealed record IncidentCursor(DateTimeOffset Opened, string Id)
{
    /// <summary>The cursor after <paramref name="incident"/>.</summary>
    public static IncidentCursor After(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return new IncidentCursor(incident.Opened, incident.Id);
    }

    /// <summary>True when <paramref name="incident"/> comes after this cursor in listing order.</summary>
    public bool Precedes(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var opened = incident.Opened.ToUnixTimeMilliseconds();
        var mine = Opened.ToUnixTimeMilliseconds();
        return opened < mine || (opened == mine && string.CompareOrdinal(incident.Id, Id) < 0);
    }

    /// <summary>The page token.</summary>
    public string Format() => $"{Opened.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}.{Id}";

    /// <summary>The cursor of a page token, or null when it is not one this service issued.</summary>
    public static IncidentCursor? TryParse(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1)
        {
            return null;
        }

        return long.TryParse(token.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= 253402300799999
            ? new IncidentCursor(DateTimeOffset.FromUnixTimeMilliseconds(ms), token[(dot + 1)..])
            : null;
    }
}
