namespace ZtFleet.Agent.Rulesets;

/// <summary>A ruleset the agent has verified (and, when <see cref="RulesetInstaller"/> applied it, put into force).</summary>
/// <param name="Epoch">Its version: the plant epoch of the last segmentation change.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Text"/>'s UTF-8 bytes.</param>
/// <param name="ZoneIds">The zones whose boundaries it guards.</param>
/// <param name="Text">The nftables script.</param>
public sealed record AppliedRuleset(long Epoch, string Sha256, IReadOnlyList<string> ZoneIds, string Text);
