using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Response.Incidents;

/// <summary>Which incidents to list, newest (most recently opened) first, one page at a time.</summary>
public sealed record IncidentQuery
{
    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>Statuses to keep; empty: any.</summary>
    public IReadOnlyList<IncidentStatus> Statuses { get; init; } = [];

    /// <summary>The lowest severity to keep; null: any.</summary>
    public Severity? MinSeverity { get; init; }

    /// <summary>Keep incidents with a part at one of these plants; empty: any plant (the caller's scope is applied here).</summary>
    public IReadOnlyList<PlantId> Plants { get; init; } = [];

    /// <summary>Keep incidents about this identity.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>Keep incidents about this asset.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>Keep incidents updated at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Keep incidents opened before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Continue after this cursor (from <see cref="IncidentPage.Next"/>); null: the first page.</summary>
    public IncidentCursor? After { get; init; }

    /// <summary>How many to return (1 to <see cref="MaxLimit"/>).</summary>
    public int Limit { get; init; } = 100;

    /// <summary>True when <paramref name="incident"/> passes every filter (the cursor aside).</summary>
    public bool Matches(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return (Statuses.Count == 0 || Statuses.Contains(incident.Status))
            && (MinSeverity is not { } min || IncidentSeverity.Rated(incident.Severity) >= min)
            && (Plants.Count == 0 || incident.Plants.Any(Plants.Contains))
            && (Identity is not { } identity || incident.Identities.Contains(identity))
            && (Asset is not { } asset || incident.Assets.Contains(asset))
            && (From is not { } from || incident.Updated >= from)
            && (To is not { } to || incident.Opened < to);
    }
}
