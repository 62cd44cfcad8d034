using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// An incident's severity: the highest of its correlated parts (an unrated part counts as critical, like everywhere
/// in ZtFleet), raised one step when it spans plants and one step when it reached a safety zone or a safety-related
/// asset; critical is the cap. Notes and response steps do not count.
/// </summary>
public static class IncidentSeverity
{
    /// <summary>The severity of an incident with these parts, at this many plants, toward safety or not.</summary>
    public static Severity Of(IEnumerable<IncidentPart> parts, int plants, bool towardSafety)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var highest = Severity.Low;
        foreach (var part in parts)
        {
            if (part.Correlated && Rated(part.Severity) > highest)
            {
                highest = Rated(part.Severity);
            }
        }

        var raised = (int)highest + (plants > 1 ? 1 : 0) + (towardSafety ? 1 : 0);
        return (Severity)Math.Min(raised, (int)Severity.Critical);
    }

    /// <summary>The severity a part counts with: unspecified or undefined values count as critical.</summary>
    public static Severity Rated(Severity severity) =>
        severity is Severity.Low or Severity.Medium or Severity.High or Severity.Critical ? severity : Severity.Critical;
}
