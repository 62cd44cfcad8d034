namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>
/// The enforced tier of an entity and what the hysteresis remembers: the tier its scores point to and since when
/// they have pointed there without interruption. An asset or identity grain keeps it with its factors.
/// </summary>
/// <param name="Tier">The enforced tier (the one decisions use).</param>
/// <param name="Since">When it became the enforced tier.</param>
/// <param name="Pending">
/// The tier the latest score points to past the hysteresis' direction rules (<see cref="TrustTiers.Pending"/>);
/// <paramref name="Tier"/> when none.
/// </param>
/// <param name="PendingSince">Since when scores have pointed away from <paramref name="Tier"/> in the same direction; null when they do not.</param>
public sealed record TrustTierState(TrustTier Tier, DateTimeOffset Since, TrustTier Pending, DateTimeOffset? PendingSince)
{
    /// <summary>A new entity: trusted from <paramref name="at"/>, nothing pending.</summary>
    public static TrustTierState New(DateTimeOffset at) => new(TrustTier.Trusted, at, TrustTier.Trusted, null);
}
