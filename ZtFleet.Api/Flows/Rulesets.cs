using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ZtFleet.Api.Errors;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Api.Flows;

/// <summary>
/// Compiles the ruleset of the zones an enforcement point guards from a plant view, in the format it applies: what
/// <c>FlowService/GetRuleset</c> returns and <c>EnforcementService/Watch</c> pushes.
/// </summary>
/// <remarks>
/// A ruleset depends only on the plant's definition, its segmentation epoch (quarantines) and the point's zones,
/// format and proxy port, so it is compiled once per such key and shared: a quarantine pushed to a thousand watching
/// points of a plant is one compile, not a thousand. The cache lives as long as the definition object (a new
/// definition starts a new one) and forgets older segmentation epochs of the same definition beyond a few.
/// </remarks>
public static class Rulesets
{
    private const int MaxPerDefinition = 64;

    private static readonly ConditionalWeakTable<PlantSpec, ConcurrentDictionary<string, Ruleset>> Compiled = [];

    /// <summary>The ruleset of <paramref name="zones"/> (null: every zone of the plant) as of <paramref name="snapshot"/>.</summary>
    /// <param name="modbusProxyPort">nftables only: the point's Modbus/TCP proxy port, 0 for none.</param>
    /// <returns>A shared message: read it, do not change it.</returns>
    /// <exception cref="ArgumentException">A zone is not one of the plant's.</exception>
    public static Ruleset Compile(PlantSnapshot snapshot, IEnumerable<ZoneId>? zones, RulesetFormat format, int modbusProxyPort)
    {
        var scope = RulesetScope.Of(snapshot, zones);
        var cache = Compiled.GetValue(snapshot.Definition, _ => new ConcurrentDictionary<string, Ruleset>(StringComparer.Ordinal));
        var key = string.Join('|', scope.Epoch, format, modbusProxyPort, string.Join(',', scope.Zones.Select(z => z.Value)));
        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (cache.Count >= MaxPerDefinition)
        {
            cache.Clear();
        }

        return cache.GetOrAdd(key, _ => Build(scope, format, modbusProxyPort));
    }

    private static Ruleset Build(RulesetScope scope, RulesetFormat format, int modbusProxyPort)
    {
        var text = format == RulesetFormat.JsonAcl
            ? JsonAcl.Compile(scope)
            : NftablesRuleset.Compile(scope, modbusProxyPort == 0 ? null : modbusProxyPort);
        var ruleset = new Ruleset
        {
            Format = format,
            Text = text,
            Sha256 = RulesetHash.Of(text),
            Epoch = scope.Epoch,
        };
        ruleset.ZoneIds.AddRange(scope.Zones.Select(z => z.Value));
        return ruleset;
    }

    /// <summary>Adds a violation when a Modbus proxy port is outside 0–65535 or given for a JSON ACL.</summary>
    public static void CheckProxyPort(int port, RulesetFormat format, List<Violation> violations)
    {
        if (port is < 0 or > 65535)
        {
            violations.Add(new Violation("modbus_proxy_port", "must be 1-65535 (0: no proxy)"));
        }
        else if (port != 0 && format == RulesetFormat.JsonAcl)
        {
            violations.Add(new Violation("modbus_proxy_port", "applies to nftables rulesets only"));
        }
    }
}
