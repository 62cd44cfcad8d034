using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// Detections, lockouts, quarantines and access events grouped by the identities and assets they share, across
/// plants, within the correlation window. Its severity is the highest of its parts, raised by spread across plants
/// or toward safety zones.
/// </summary>
/// <param name="Id">Fleet-unique id.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Severity">The incident's severity (see above).</param>
/// <param name="Title">A sentence naming what it is about.</param>
/// <param name="Opened">When its first part happened.</param>
/// <param name="Updated">When its latest part or change happened.</param>
/// <param name="Parts">Its timeline, oldest first.</param>
public sealed record Incident(
    string Id,
    IncidentStatus Status,
    Severity Severity,
    string Title,
    DateTimeOffset Opened,
    DateTimeOffset Updated,
    IReadOnlyList<IncidentPart> Parts)
{
    /// <summary>The plants its parts happened at.</summary>
    public IReadOnlyList<PlantId> Plants { get; init; } = [];

    /// <summary>The assets its parts concern.</summary>
    public IReadOnlyList<AssetId> Assets { get; init; } = [];

    /// <summary>The identities its parts concern.</summary>
    public IReadOnlyList<IdentityId> Identities { get; init; } = [];

    /// <summary>Who owns it (a person's subject); null while unassigned.</summary>
    public string? Owner { get; init; }

    /// <summary>Why it was closed.</summary>
    public string? CloseReason { get; init; }

    /// <summary>Increases with every change; watchers resume after a revision.</summary>
    public long Revision { get; init; }

    /// <summary>True when it spans more than one plant: visible to fleet roles only, each plant's part to its admins.</summary>
    public bool CrossPlant => Plants.Count > 1;

    /// <summary>
    /// The zones its detections moved through along conduits (<c>plant/zone</c>, in the order they were reached):
    /// detections on assets in zones joined by a conduit, each within the correlation window of the one before. Empty
    /// when no detection followed a conduit.
    /// </summary>
    public IReadOnlyList<string> ZonePath { get; init; } = [];

    /// <summary>True when its detections followed conduits from zone to zone (<see cref="ZonePath"/> is not empty).</summary>
    public bool ConduitChain => ZonePath.Count > 0;

    /// <summary>True when one of its parts is about a safety-related asset or happened in a safety zone.</summary>
    public bool TowardSafety { get; init; }

    /// <summary>The incident it was merged into (it is then closed and holds its parts as they were); null otherwise.</summary>
    public string? MergedInto { get; init; }

    /// <summary>
    /// True in a plant-scoped caller's view of an incident that also has parts at plants outside the caller's scope:
    /// only the caller's plants' parts are shown, and severity and title are computed from them.
    /// </summary>
    public bool Partial { get; init; }
}
