using System.Text.Json.Serialization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>An access decision an enforcement point enforced (from ZtFleet's <c>Check</c> or its own cache).</summary>
public sealed record AccessDecisionEvent : TelemetryEvent
{
    /// <inheritdoc/>
    /// <remarks>Ignored here too: System.Text.Json does not inherit <c>[JsonIgnore]</c> from the abstract property.</remarks>
    [JsonIgnore]
    public override TelemetryKind Kind => TelemetryKind.AccessDecision;

    /// <summary>Who asked.</summary>
    public required IdentityId Identity { get; init; }

    /// <summary>The target asset, or null when the target was a zone.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The target zone (the asset's zone when the target was an asset), when known.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>What was asked for.</summary>
    public required Operation Operation { get; init; }

    /// <summary>Whether it was allowed.</summary>
    public required bool Allowed { get; init; }

    /// <summary>The decision's reason code (<c>outside-shift</c>, <c>allowed-by-grant</c>…).</summary>
    public required string Reason { get; init; }

    /// <summary>A declared emergency (break-glass).</summary>
    public bool Emergency { get; init; }

    /// <summary>Where the request came from, when known.</summary>
    public ObservedHost? Source { get; init; }
}
