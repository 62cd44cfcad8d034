namespace ZtFleet.Agent.Rulesets;

/// <summary>A ruleset could not be applied (bad hash, refused by nft); the one in force before stays.</summary>
public sealed class RulesetApplyException(string message, Exception? inner = null) : Exception(message, inner);
