using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Access;

/// <summary>
/// One change to what decisions at a plant depend on, numbered by the plant's gap-free <see cref="Epoch"/>. Applied
/// in order with <see cref="PlantSnapshot.Apply"/>. In JSON the concrete type is the <c>kind</c> property:
/// <c>plant-definition-changed</c>, <c>identity-changed</c>, <c>identity-removed</c>, <c>shift-boundary</c>, <c>quarantine-changed</c>, <c>asset-trust-changed</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(PlantDefinitionChanged), "plant-definition-changed")]
[JsonDerivedType(typeof(IdentityChanged), "identity-changed")]
[JsonDerivedType(typeof(IdentityRemoved), "identity-removed")]
[JsonDerivedType(typeof(ShiftBoundary), "shift-boundary")]
[JsonDerivedType(typeof(QuarantineChanged), "quarantine-changed")]
[JsonDerivedType(typeof(AssetTrustChanged), "asset-trust-changed")]
public abstract record PlantDelta
{
    // Only the kinds above exist: a snapshot must understand every delta it is given.
    private protected PlantDelta(long epoch, DateTimeOffset at)
    {
        Epoch = epoch;
        At = at;
    }

    /// <summary>The plant epoch this delta creates.</summary>
    public long Epoch { get; init; }

    /// <summary>When the change was made (informational; decisions take the time as a parameter).</summary>
    public DateTimeOffset At { get; init; }
}
