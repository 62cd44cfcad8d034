namespace ZtFleet.Policy.Monitoring.Trust;

/// <summary>The result of observing a score: the state to keep, and the tier change to publish, if any.</summary>
/// <param name="State">The hysteresis state after the observation.</param>
/// <param name="Change">The change of the enforced tier; null when it stays.</param>
public sealed record TrustTierStep(TrustTierState State, TrustTierChange? Change);
