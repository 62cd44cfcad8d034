using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// The answer to a <see cref="FlowRequest"/>: a value, never an exception. <c>default(FlowDecision)</c> is not an
/// allow.
/// </summary>
public readonly record struct FlowDecision
{
    /// <summary>Allow or deny.</summary>
    public DecisionEffect Effect { get; init; }

    /// <summary>Why, as a <see cref="FlowReasons"/> constant.</summary>
    public string Reason { get; init; }

    /// <summary>
    /// The rule that determined it: <c>conduit:&lt;id&gt;</c> or <c>flow:&lt;id&gt;</c>; for a deny the conduit that
    /// came closest to allowing, or null when none applied at all.
    /// </summary>
    public string? RuleId { get; init; }

    /// <summary>The source asset, when it was resolved.</summary>
    public AssetId? SourceAsset { get; init; }

    /// <summary>The source asset's zone, when it was resolved.</summary>
    public ZoneId? SourceZone { get; init; }

    /// <summary>The destination asset, when it was resolved.</summary>
    public AssetId? DestinationAsset { get; init; }

    /// <summary>The destination asset's zone, when it was resolved.</summary>
    public ZoneId? DestinationZone { get; init; }

    /// <summary>Whether the effect is <see cref="DecisionEffect.Allow"/>.</summary>
    public bool IsAllowed => Effect == DecisionEffect.Allow;
}
