namespace ZtFleet.Agent.Rulesets;

/// <summary>Puts a ruleset text into force on this machine, all of it or nothing.</summary>
public interface IRulesetApplier
{
    /// <summary>Checks and applies <paramref name="text"/> in one transaction.</summary>
    /// <exception cref="RulesetApplyException">The ruleset was refused; the previous one stays in force.</exception>
    Task ApplyAsync(string text, CancellationToken cancellationToken);
}
