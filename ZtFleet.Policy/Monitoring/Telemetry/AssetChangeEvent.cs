using System.Text.Json.Serialization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>A change of an asset: firmware, program, controller mode, a new MAC or IP address.</summary>
public sealed record AssetChangeEvent : TelemetryEvent
{
    /// <inheritdoc/>
    /// <remarks>Ignored here too: System.Text.Json does not inherit <c>[JsonIgnore]</c> from the abstract property.</remarks>
    [JsonIgnore]
    public override TelemetryKind Kind => TelemetryKind.AssetChange;

    /// <summary>The asset that changed, or null when the reporter named an address no asset has.</summary>
    public AssetId? Asset { get; init; }

    /// <summary>The asset's zone, when inventoried.</summary>
    public ZoneId? Zone { get; init; }

    /// <summary>The asset's address as reported (for an asset that did not resolve).</summary>
    public string? Ip { get; init; }

    /// <summary>What changed.</summary>
    public required AssetChangeKind Change { get; init; }

    /// <summary>The value before (firmware version, mode, MAC), when known.</summary>
    public string? From { get; init; }

    /// <summary>The value after.</summary>
    public string? To { get; init; }

    /// <summary>Who made the change, when known (an engineering workstation's user).</summary>
    public ObservedHost? By { get; init; }

    /// <summary>The identity behind the change, when known.</summary>
    public IdentityId? Identity { get; init; }
}
