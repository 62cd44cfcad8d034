using Microsoft.Extensions.Logging;

namespace ZtFleet.Agent.Rulesets;

/// <summary>
/// Applies nothing (<c>--no-nftables</c>): for development on a machine where the agent must not touch the firewall.
/// Nothing is in force, so the agent acknowledges epochs with an empty ruleset hash.
/// </summary>
public sealed class LoggingApplier(ILogger<LoggingApplier> logger) : IRulesetApplier
{
    public bool PutsInForce => false;

    public Task ApplyAsync(string text, CancellationToken cancellationToken)
    {
        logger.LogWarning("--no-nftables: a ruleset of {Length} characters was NOT applied", text.Length);
        return Task.CompletedTask;
    }
}
