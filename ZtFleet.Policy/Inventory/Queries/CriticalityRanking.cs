using System.Globalization;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Ranks assets by priority: criticality × exposure, as a security team triages. Each ranked asset carries the
/// reasons for its score as sentences.
/// </summary>
/// <remarks>
/// <para>
/// Score = impact × exposure, rounded to two decimals, where impact = criticality (1–5) + 2 when safety-related, and
/// exposure = 1 + 0.5 per zone reaching the asset + 1 when one of them is enterprise IT + 0.25 per conduit reaching
/// it + 0.5 per known vulnerability + 0.1 × the highest CVSS base score among them + 0.25 × log2(1 + identities) +
/// 0.25 × log2(1 + remote identities). Identities weigh logarithmically: the hundredth operator adds less risk than the
/// first vendor account.
/// </para>
/// <para>
/// Known vulnerabilities are the asset's CVE list in the fleet document and those imported advisories matched to it
/// (<see cref="KnownVulnerability"/>, docs/vulnerabilities.md), each id counted once; only advisories give a CVSS score,
/// so a critical matched vulnerability (9.8) adds almost a whole point of exposure more than an unrated listed CVE.
/// </para>
/// <para>
/// Until role permissions exist, the identities reaching an asset are those assigned to its plant; contractors and
/// vendor technicians (who usually connect remotely) are counted again as remote. Ties are broken by criticality
/// (higher first), then asset id; across plants by plant id.
/// </para>
/// </remarks>
public static class CriticalityRanking
{
    /// <summary>Every asset of <paramref name="plant"/>, highest priority first, ranks from 1.</summary>
    /// <param name="plant">The plant.</param>
    /// <param name="identities">The fleet's identities (those assigned to the plant count).</param>
    /// <param name="known">Known vulnerabilities matched from advisories (of any plant: only this plant's count), or null.</param>
    public static IReadOnlyList<RankedAsset> Rank(PlantSpec plant, IReadOnlyList<IdentitySpec> identities, IReadOnlyList<KnownVulnerability>? known = null)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(identities);
        var index = new PlantIndex(plant);
        var reachability = new ZoneReachability(index);
        var people = IdentitiesAt(plant.Id, identities);
        var matched = (known ?? []).Where(k => k.Plant == plant.Id).ToLookup(k => k.Asset);
        var scored = index.Assets.Values.Select(asset => Score(plant, index, reachability, asset, people, matched[asset.Id])).ToList();
        return Order(scored).Select((r, i) => r with { Rank = i + 1 }).ToList();
    }

    /// <summary>The <paramref name="top"/> highest priorities across plants, ranks from 1.</summary>
    public static IReadOnlyList<RankedAsset> RankFleet(
        IEnumerable<(PlantSpec plant, IReadOnlyList<IdentitySpec> identities)> plants, int top)
    {
        ArgumentNullException.ThrowIfNull(plants);
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        var all = plants.SelectMany(p => Rank(p.plant, p.identities));
        return Order(all).Take(top).Select((r, i) => r with { Rank = i + 1 }).ToList();
    }

    private static IEnumerable<RankedAsset> Order(IEnumerable<RankedAsset> ranked) =>
        ranked
            .OrderByDescending(r => r.Score)
            .ThenByDescending(r => r.Asset.Criticality)
            .ThenBy(r => r.Plant.Value, StringComparer.Ordinal)
            .ThenBy(r => r.Asset.Id.Value, StringComparer.Ordinal);

    private static RankedAsset Score(
        PlantSpec plant, PlantIndex index, ZoneReachability reachability, AssetSpec asset, People people, IEnumerable<KnownVulnerability> known)
    {
        var reach = reachability.Reach(asset);
        var advised = known
            .GroupBy(k => k.Cve, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(k => k.Cvss ?? -1).ThenBy(k => k.AdvisoryId, StringComparer.Ordinal).First())
            .OrderByDescending(k => k.Cvss ?? -1)
            .ThenBy(k => k.Cve, StringComparer.Ordinal)
            .ToList();
        var vulnerabilities = (asset.Vulnerabilities ?? []).Concat(advised.Select(k => k.Cve)).Distinct(StringComparer.Ordinal).ToList();
        var highest = advised.Select(k => k.Cvss).Max() ?? 0;
        var exposure = new AssetExposure(reach.Zones.Count, reach.Conduits.Count, people.Total, vulnerabilities.Count);

        var impact = asset.Criticality + (asset.SafetyRelated ? 2 : 0);
        var factor = 1
            + (0.5 * exposure.ZonesReaching)
            + (reach.Enterprise is null ? 0 : 1)
            + (0.25 * exposure.ConduitsReaching)
            + (0.5 * exposure.KnownVulnerabilities)
            + (0.1 * highest)
            + (0.25 * Math.Log2(1 + people.Total))
            + (0.25 * Math.Log2(1 + people.Remote));
        var score = Math.Round(impact * factor, 2, MidpointRounding.AwayFromZero);

        var reasons = new List<string> { $"criticality {asset.Criticality} of 5" };
        if (asset.SafetyRelated)
        {
            reasons.Add("safety-related");
        }

        reasons.Add(ZoneReason(reach, index));
        if (reach.Conduits.Count > 0)
        {
            reasons.Add($"{Count(reach.Conduits.Count, "conduit")} into {asset.Zone} reach{(reach.Conduits.Count == 1 ? "es" : string.Empty)} it: {List(reach.Conduits)}");
        }

        if (people.Total > 0)
        {
            reasons.Add(people.Describe(plant.Id));
        }

        if (vulnerabilities.Count > 0)
        {
            reasons.Add($"{Count(vulnerabilities.Count, "known vulnerability", "known vulnerabilities")}: {List(vulnerabilities)}");
        }

        if (advised.Count > 0)
        {
            var items = advised.Select(k => k.Cvss is { } cvss
                ? $"{k.Cve} (CVSS {cvss.ToString("0.0", CultureInfo.InvariantCulture)}, {k.AdvisoryId})"
                : $"{k.Cve} (no CVSS, {k.AdvisoryId})").ToList();
            var raise = highest > 0 ? $"; the highest CVSS {highest.ToString("0.0", CultureInfo.InvariantCulture)} raises the score" : string.Empty;
            reasons.Add($"{Count(advised.Count, "vulnerability", "vulnerabilities")} from vendor advisories: {List(items)}{raise}");
        }

        return new RankedAsset(0, plant.Id, asset, score, exposure, reasons);
    }

    private static string ZoneReason(AssetReach reach, PlantIndex index)
    {
        if (reach.Zones.Count == 0)
        {
            return "not reachable from other zones";
        }

        var sentence = $"reachable from {Count(reach.Zones.Count, "zone")}";
        if (reach.Enterprise is not { } path)
        {
            return $"{sentence}: {List(reach.Zones.Select(z => z.Value).ToList())}";
        }

        var kind = index.Zones.TryGetValue(path.Zone, out var zone) && InventoryVocabulary.TryName(zone.Kind, out var name) ? name : "enterprise-it";
        var via = path.Via.Count == 0 ? "directly" : $"via {string.Join(", ", path.Via)}";
        return $"{sentence} incl. {kind} zone {path.Zone} {via}";
    }

    private static string Count(int count, string singular, string? plural = null) =>
        $"{count.ToString(CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";

    private static string List(IReadOnlyList<string> items, int shown = 5) =>
        items.Count <= shown ? string.Join(", ", items) : $"{string.Join(", ", items.Take(shown))} and {items.Count - shown} more";

    private static People IdentitiesAt(PlantId plant, IReadOnlyList<IdentitySpec> identities)
    {
        var at = identities.Where(i => (i.Assignments ?? []).Any(a => a.Plant == plant)).DistinctBy(i => i.Id).ToList();
        return new People(
            at.Count,
            at.Count(i => i.Kind == IdentityKind.Contractor),
            at.Count(i => i.Kind == IdentityKind.VendorTechnician));
    }

    /// <summary>The identities that can reach a plant's assets.</summary>
    private sealed record People(int Total, int Contractors, int VendorTechnicians)
    {
        public int Remote => Contractors + VendorTechnicians;

        public string Describe(PlantId plant)
        {
            var sentence = $"{Count(Total, "identity", "identities")} assigned to plant {plant}";
            if (Remote == 0)
            {
                return sentence;
            }

            var kinds = new List<string>();
            if (Contractors > 0)
            {
                kinds.Add(Count(Contractors, "contractor"));
            }

            if (VendorTechnicians > 0)
            {
                kinds.Add(Count(VendorTechnicians, "vendor technician"));
            }

            return $"{sentence}, {Remote.ToString(CultureInfo.InvariantCulture)} of them remote ({string.Join(", ", kinds)})";
        }
    }
}
