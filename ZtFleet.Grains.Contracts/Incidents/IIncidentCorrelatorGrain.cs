using Orleans.Concurrency;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Detections;
using ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Grains.Incidents;

/// <summary>
/// The fleet's incidents, keyed <see cref="Fleet"/> (one grain: correlation is across plants). Fed by every plant's
/// monitor (the detections it stored, per batch), the quarantine workflow and break-glass decisions; it correlates
/// them (<see cref="IncidentCorrelator"/>), stores what changed (PostgreSQL in production), appends each change to the
/// export outbox, and publishes a notice on <see cref="IncidentStreams.Fleet"/>. See docs/incidents.md.
/// </summary>
[Alias("ztfleet.IIncidentCorrelatorGrain")]
public interface IIncidentCorrelatorGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Fleet = "fleet";

    /// <summary>
    /// A plant's monitor stored these new or changed detections (one batch, revisions contiguous). A gap after the
    /// plant's last consumed revision is filled from the detection store, so a lost call loses nothing.
    /// </summary>
    [OneWay]
    Task OfferDetectionsAsync(PlantId plant, IReadOnlyList<Detection> detections);

    /// <summary>Quarantines and access events (kinds <see cref="IncidentPartKind.Quarantine"/> and <see cref="IncidentPartKind.Access"/>), each with its plant.</summary>
    [OneWay]
    Task AddPartsAsync(IReadOnlyList<IncidentPart> parts);

    /// <summary>
    /// The id of the open or investigating incident that holds this detection of the plant, or null. A detection not yet
    /// correlated (its offer still on its way) is read from the detection store first.
    /// </summary>
    Task<string?> IncidentOfDetectionAsync(PlantId plant, string detectionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Attaches a response step (kind <see cref="IncidentPartKind.Response"/>, actor <c>playbook:ID</c>) to an incident's
    /// timeline: a step proposed, applied or reverted. Steps with the same reference replace the earlier version.
    /// </summary>
    /// <exception cref="Refusals.NotFoundException">No incident has the id.</exception>
    /// <exception cref="Refusals.InvalidRequestException">The part is not a response step.</exception>
    Task<Incident> AttachResponseAsync(string incidentId, IncidentPart step, CancellationToken cancellationToken = default);

    /// <summary>Gives an incident an owner (it becomes investigating).</summary>
    Task<Incident> AssignAsync(string incidentId, string owner, string actor, CancellationToken cancellationToken = default);

    /// <summary>Adds a comment; <paramref name="plant"/> is the plant it concerns (a plant admin's), or null.</summary>
    Task<Incident> CommentAsync(string incidentId, string actor, string text, PlantId? plant, CancellationToken cancellationToken = default);

    /// <summary>Closes an incident with a reason; later parts open a new incident.</summary>
    Task<Incident> CloseAsync(string incidentId, string actor, string reason, CancellationToken cancellationToken = default);

    /// <summary>One incident, or null.</summary>
    [AlwaysInterleave]
    Task<Incident?> GetAsync(string incidentId, CancellationToken cancellationToken = default);

    /// <summary>A page of incidents.</summary>
    [AlwaysInterleave]
    Task<IncidentPage> ListAsync(IncidentQuery query, CancellationToken cancellationToken = default);

    /// <summary>Incidents changed after <paramref name="revision"/>, in revision order, current versions.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<Incident>> ChangedAfterAsync(long revision, int limit, CancellationToken cancellationToken = default);

    /// <summary>The latest revision.</summary>
    Task<long> GetRevisionAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads what the detection store holds beyond each plant's cursor (also done at activation and every minute).</summary>
    Task CatchUpAsync(CancellationToken cancellationToken = default);
}
