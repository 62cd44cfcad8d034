namespace ZtFleet.Agent.Rulesets;

/// <summary>Puts a ruleset text into force on this machine, all of it or nothing.</summary>
public interface IRulesetApplier
{
    /// <summary>Whether an applied ruleset is really in force (false for <c>--no-nftables</c>, which applies nothing).</summary>
    bool PutsInForce => true;

    /// <summary>Checks and applies <paramref name="text"/> in one transaction.</summary>
    /// <exception cref="RulesetApplyException">The ruleset was refused; the previous one stays in force.</exception>
    Task ApplyAsync(string text, CancellationToken cancellationToken);
}
