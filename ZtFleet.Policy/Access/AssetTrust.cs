using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Policy.Access;

/// <summary>An asset's enforced trust tier and the score it was set at, as decisions at its plant see it.</summary>
/// <param name="Asset">The asset.</param>
/// <param name="Tier">Its enforced tier (after hysteresis).</param>
/// <param name="Score">Its trust score when the tier was last published (0–100).</param>
public sealed record AssetTrust(AssetId Asset, TrustTier Tier, int Score);
