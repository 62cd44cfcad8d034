using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Agent.Rulesets;

/// <summary>
/// What a fail-closed gateway enforces: <c>table inet ztfleet</c> replaced by a forward chain that drops everything
/// (established sessions too) and no NAT chain, so nothing is redirected to the proxy either. The agent's own traffic
/// to the control plane is not forwarded and is not affected.
/// </summary>
public static class FailClosedRuleset
{
    /// <summary>The script.</summary>
    public const string Text =
        "# ZtFleet fail-closed ruleset: the control plane is unreachable and a guarded zone fails closed.\n" +
        "table " + NftablesRuleset.Table + "\n" +
        "delete table " + NftablesRuleset.Table + "\n" +
        "table " + NftablesRuleset.Table + " {\n" +
        "  chain forward {\n" +
        "    type filter hook forward priority filter; policy drop;\n" +
        "  }\n" +
        "}\n";
}
