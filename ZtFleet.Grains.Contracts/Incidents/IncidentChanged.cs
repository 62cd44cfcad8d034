namespace ZtFleet.Grains.Incidents;

/// <summary>
/// The notice on <see cref="IncidentStreams.Fleet"/>: incidents changed, the latest now at <paramref name="Revision"/>.
/// A notice, not the incidents (an incident with a long timeline would not fit a stream message): a watcher reads
/// what changed after the revision it saw (<see cref="IIncidentCorrelatorGrain.ChangedAfterAsync"/>).
/// </summary>
/// <param name="Revision">The highest revision of the change.</param>
/// <param name="Incidents">The ids that changed.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.IncidentChanged")]
public sealed record IncidentChanged(
    [property: Id(0)] long Revision,
    [property: Id(1)] IReadOnlyList<string> Incidents);
