namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>A change of an entity's enforced tier: what becomes a plant delta.</summary>
/// <param name="From">The tier before.</param>
/// <param name="To">The tier after.</param>
/// <param name="Score">The score that caused it.</param>
/// <param name="At">When it happened.</param>
/// <param name="Reason">Why, as a sentence: the boundary crossed, and by the margin or for how long.</param>
public sealed record TrustTierChange(TrustTier From, TrustTier To, int Score, DateTimeOffset At, string Reason)
{
    /// <summary>Whether the entity is trusted less than before.</summary>
    public bool Degrades => To < From;
}
