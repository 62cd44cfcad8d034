using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Grains.Incidents;

/// <summary>What the correlator loads at activation.</summary>
/// <param name="Sequence">The last incident number given (<c>inc-{n}</c>).</param>
/// <param name="Revision">The last revision given.</param>
/// <param name="Cursors">Per plant, the last detection revision correlated.</param>
/// <param name="Active">Incidents not closed that changed recently (those correlation may join).</param>
public sealed record IncidentStoreState(long Sequence, long Revision, IReadOnlyDictionary<PlantId, long> Cursors, IReadOnlyList<Incident> Active);
