namespace ZtFleet.Policy.Response.Incidents;

/// <summary>What correlating one part changed.</summary>
/// <param name="Incident">The incident the part is now in (new, joined, or the survivor of a merge).</param>
/// <param name="Merged">The incidents merged into <paramref name="Incident"/>: closed, with <see cref="Incident.MergedInto"/> set.</param>
/// <param name="Opened">True when the part opened a new incident.</param>
public sealed record Correlation(Incident Incident, IReadOnlyList<Incident> Merged, bool Opened)
{
    /// <summary>Every incident that changed: the merged ones, then the one the part is in.</summary>
    public IEnumerable<Incident> Changed => Merged.Append(Incident);
}
