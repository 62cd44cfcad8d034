using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Grains.Incidents;

/// <summary>One write of the correlator: changed incidents (with their new revisions), moved cursors, the counters.</summary>
public sealed record IncidentWrite(IReadOnlyList<Incident> Incidents, IReadOnlyDictionary<PlantId, long> Cursors, long Sequence, long Revision);
