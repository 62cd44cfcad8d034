using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>
/// One entry of an incident's timeline: what happened, where, to whom, and the record it comes from.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Reference">The id of the record it comes from (detection id, quarantine id, audit sequence…).</param>
/// <param name="Plant">The plant it happened at; null for fleet-wide parts (a person's note).</param>
/// <param name="At">When it happened.</param>
/// <param name="Severity">Its own severity.</param>
/// <param name="Summary">A sentence that explains it.</param>
public sealed record IncidentPart(
    IncidentPartKind Kind,
    string Reference,
    PlantId? Plant,
    DateTimeOffset At,
    Severity Severity,
    string Summary)
{
    /// <summary>The asset it concerns, if any.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The asset's zone, if any.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>The identity it concerns, if any.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>Who wrote it, for notes and response steps (a person's subject, or <c>playbook:ID</c>).</summary>
    public string? Actor { get; init; }

    /// <summary>The detection's type, for a part of kind <see cref="IncidentPartKind.Detection"/>.</summary>
    public Monitoring.Detections.DetectionType? Type { get; init; }

    /// <summary>The inventoried asset at the other end (the source of a transaction or a scan), if any.</summary>
    public AssetId? Source { get; init; }

    /// <summary>
    /// Set by correlation: the part is about a safety-related asset (its asset or source) or happened in a safety
    /// zone of its plant.
    /// </summary>
    public bool Safety { get; init; }

    /// <summary>True for parts that correlation groups (detections, lockouts, quarantines, access events), false for notes and response steps.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Correlated => Kind is IncidentPartKind.Detection or IncidentPartKind.Lockout or IncidentPartKind.Quarantine or IncidentPartKind.Access;
}
