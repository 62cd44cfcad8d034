extern alias agent;
using agent::ZtFleet.Agent.Rulesets;

namespace ZtFleet.Tests.Agent;

/// <summary>An applier that records every text it is given instead of running nft.</summary>
internal sealed class RecordingApplier : IRulesetApplier
{
    private readonly List<string> _applied = [];

    /// <summary>When set, the next application fails as nft would.</summary>
    public bool Refuse { get; set; }

    /// <summary>When set, every text containing it fails as nft would.</summary>
    public string? RefuseContaining { get; set; }

    /// <summary>Whether what it applies is in force (false: as <c>--no-nftables</c>).</summary>
    public bool PutsInForce { get; init; } = true;

    public IReadOnlyList<string> Applied
    {
        get
        {
            lock (_applied)
            {
                return [.. _applied];
            }
        }
    }

    public Task ApplyAsync(string text, CancellationToken cancellationToken)
    {
        if (Refuse || (RefuseContaining is { } refused && text.Contains(refused, StringComparison.Ordinal)))
        {
            throw new RulesetApplyException("nft check failed (exit 1): syntax error");
        }

        lock (_applied)
        {
            _applied.Add(text);
        }

        return Task.CompletedTask;
    }
}
