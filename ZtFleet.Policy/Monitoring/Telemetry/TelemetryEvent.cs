using System.Text.Json.Serialization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// One normalised observation, whatever reported it (an enforcement point's proxy or ruleset, a Zeek sensor, the
/// control plane itself): the one model that baselines, detectors, trust and the flow map read. Subtypes per kind:
/// <see cref="FlowEvent"/>, <see cref="OtTransactionEvent"/>, <see cref="AuthenticationEvent"/>,
/// <see cref="AccessDecisionEvent"/>, <see cref="AssetChangeEvent"/>.
/// </summary>
/// <remarks>
/// Addresses are resolved against the plant's inventory when the event is normalised: an address that no asset of the
/// plant has is kept with a null asset (an uninventoried host), never refused.
/// In JSON (grain calls, storage) the concrete type is the <c>kind</c> property: <c>flow</c>, <c>ot-transaction</c>,
/// <c>authentication</c>, <c>access-decision</c>, <c>asset-change</c>.
/// </remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(FlowEvent), "flow")]
[JsonDerivedType(typeof(OtTransactionEvent), "ot-transaction")]
[JsonDerivedType(typeof(AuthenticationEvent), "authentication")]
[JsonDerivedType(typeof(AccessDecisionEvent), "access-decision")]
[JsonDerivedType(typeof(AssetChangeEvent), "asset-change")]
public abstract record TelemetryEvent
{
    /// <summary>The event's kind (the subtype); not written to JSON, where the discriminator says it.</summary>
    [JsonIgnore]
    public abstract TelemetryKind Kind { get; }

    /// <summary>
    /// Unique and stable: <c>{sender}:{sequence}:{index}</c>, the sender's batch sequence number and the event's place
    /// in the batch. Detections name their evidence by it; a replayed batch produces the same ids.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The plant where it was observed (the sender's plant).</summary>
    public required PlantId Plant { get; init; }

    /// <summary>When it happened, by the sender's clock (within the receiver's accepted skew).</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who reported it: an enforcement point or sensor id.</summary>
    public required string Sender { get; init; }
}
