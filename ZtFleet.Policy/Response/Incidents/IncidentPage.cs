namespace ZtFleet.Policy.Response.Incidents;

/// <summary>One page of incidents.</summary>
/// <param name="Incidents">Newest (most recently opened) first.</param>
/// <param name="Next">Where the next page starts; null on the last page.</param>
public sealed record IncidentPage(IReadOnlyList<Incident> Incidents, IncidentCursor? Next);
