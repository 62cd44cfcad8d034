using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Grains.Trust;

/// <summary>An asset's or identity's trust now: the explained score and the enforced tier decisions use.</summary>
/// <param name="Score">The score at the time asked, with every factor's contribution.</param>
/// <param name="Enforced">The enforced tier and what the hysteresis remembers (the tier the score points to, since when).</param>
/// <param name="PublishedScore">The score decisions compare with <c>minTrust</c> (published with the last tier change or threshold crossing).</param>
[GenerateSerializer, Immutable, Alias("ztfleet.TrustReport")]
public sealed record TrustReport(
    [property: Id(0)] TrustScore Score,
    [property: Id(1)] TrustTierState Enforced,
    [property: Id(2)] int PublishedScore);
