using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Grains.Incidents;

/// <summary>
/// Where the fleet's incidents live (PostgreSQL's <c>incident</c> tables, or memory in development), with the
/// correlator's counters and its cursor per plant into the detection store. Only <see cref="IncidentCorrelatorGrain"/>
/// writes.
/// </summary>
public interface IIncidentStore
{
    /// <summary>The counters, the cursors, and the incidents not closed that changed at or after <paramref name="activeSince"/>.</summary>
    Task<IncidentStoreState> LoadAsync(DateTimeOffset activeSince, CancellationToken cancellationToken = default);

    /// <summary>Stores changed incidents, cursors and counters in one transaction.</summary>
    Task SaveAsync(IncidentWrite write, CancellationToken cancellationToken = default);

    /// <summary>One incident, or null.</summary>
    Task<Incident?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A page of incidents, newest (most recently opened) first.</summary>
    Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Incidents changed after <paramref name="revision"/>, in revision order.</summary>
    Task<IReadOnlyList<Incident>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default);
}
