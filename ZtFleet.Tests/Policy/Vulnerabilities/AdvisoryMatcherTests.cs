using System.Text.Json.Nodes;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Vulnerabilities;
using ZtFleet.Tests.Policy.Inventory;

namespace ZtFleet.Tests.Policy.Vulnerabilities;

/// <summary>
/// Which assets an advisory affects (docs/vulnerabilities.md, "Matching"): vendor, model and firmware compared by the
/// documented rules, one row per asset of a plant with Siemens and Schneider equipment.
/// </summary>
public sealed class AdvisoryMatcherTests
{
    private static readonly PlantId Berlin = PlantId.Parse("berlin");

    /// <summary>id, vendor, model, firmware → the CVEs the two samples give it ("" none).</summary>
    public static readonly TheoryData<string, string?, string?, string?, string> Assets = new()
    {
        // Siemens: the family's model numbers (S7-151*), the exact CPU's order number, the family name containing the model.
        { "plc-1", "Siemens", "S7-1516", "V2.9.4", "CVE-2026-41001" },
        { "plc-2", "Siemens AG", "6ES7518-4AP00-0AB0", "V3.0.1", "CVE-2026-41001" },
        { "plc-3", "SIEMENS", "simatic s7-1500 cpu 1518-4 pn/dp", "V2.8", "CVE-2026-41001" },
        { "plc-4", "Siemens", "S7-1500", "V3.1", "" }, // fixed firmware
        { "plc-5", "Siemens", "S7-1215C DC/DC/DC", "V4.4.1", "" }, // another product line
        { "plc-6", "Rockwell", "S7-1516", "V2.9", "" }, // another vendor
        { "plc-7", "Siemens", "S7-1516", null, "" }, // firmware unknown: undecided
        { "sw-1", "Siemens", "SCALANCE XC208", "V4.4", "CVE-2026-41002" },
        { "sw-2", "Siemens", "SCALANCE XC208", "V4.5", "" }, // the fixed product
        { "sw-3", "Siemens", "SCALANCE XC216-4C", "V4.4", "" },
        // Schneider: free text "prior to SV4.10" with model numbers, a family member by name, vers:generic ranges.
        { "m580-1", "Schneider Electric", "Modicon M580 BMEP582040", "SV3.10", "CVE-2026-52001" },
        { "m580-2", "Schneider", "Modicon M580 BMEP584040", "SV4.20", "" },
        { "m580-3", "Schneider Electric", "BMEH582040", "SV4.02", "CVE-2026-52001" },
        { "m340-1", "Schneider Electric", "Modicon M340 BMXP342020", "SV3.30", "CVE-2026-52001" },
        { "m340-2", "Schneider Electric", "Modicon M340 BMXP342020", "SV2.70", "" },
        { "ews-1", "Schneider Electric", "EcoStruxure Control Expert", "V15.3", "" }, // known not affected
        { "hmi-1", "Schneider Electric", "Harmony ST6 HMIST6500", "2.1", "" },
        { "none-1", null, "S7-1516", "V2.9", "" }, // no vendor
        { "none-2", "Siemens", null, "V2.9", "" }, // no model
    };

    private static readonly CsafAdvisory Siemens = CsafReader.Read(CsafReaderTests.Sample("ssa-412345-simatic-s7-1500.json")).Advisory!;
    private static readonly CsafAdvisory Schneider = CsafReader.Read(CsafReaderTests.Sample("sevd-2026-314-01-modicon.json")).Advisory!;

    [Theory]
    [MemberData(nameof(Assets))]
    public void Vendor_model_and_firmware_decide_which_assets_an_advisory_affects(string id, string? vendor, string? model, string? firmware, string cves)
    {
        var asset = Asset(id, vendor, model, firmware);

        var found = AdvisoryMatcher.Match(Siemens, Berlin, [asset]).Vulnerabilities
            .Concat(AdvisoryMatcher.Match(Schneider, Berlin, [asset]).Vulnerabilities)
            .Select(v => v.Cve)
            .Order(StringComparer.Ordinal);

        Assert.Equal(cves, string.Join(",", found));
    }

    [Fact]
    public void A_match_carries_the_advisory_its_cvss_the_product_the_rule_and_vendor_fixes_first()
    {
        var known = Assert.Single(AdvisoryMatcher.Match(Siemens, Berlin, [Asset("sw-1", "Siemens", "SCALANCE XC208", "V4.4")]).Vulnerabilities);

        Assert.Equal((Berlin, "sw-1", "CVE-2026-41002", "SSA-412345", "Siemens ProductCERT", 9.3, "SCALANCE XC208"),
            (known.Plant, known.Asset.Value, known.Cve, known.AdvisoryId, known.Publisher, known.Cvss, known.Product));
        Assert.Equal("vendor Siemens, model 'SCALANCE XC208' is 'scalance xc208', firmware V4.4 in 'All versions < V4.5'", known.MatchedBy);
        Assert.StartsWith("vendor_fix: Update to V4.5 or later version", known.Remediation, StringComparison.Ordinal);
        Assert.Equal(("https://www.siemens.com", "1", "Authentication bypass in the web interface"), (known.PublisherNamespace, known.AdvisoryVersion, known.Title));

        var plc = Assert.Single(AdvisoryMatcher.Match(Siemens, Berlin, [Asset("plc-1", "Siemens", "S7-1516", "V2.9.4")]).Vulnerabilities);
        Assert.Equal("vendor_fix: Update to V3.1.0 or later version (https://support.industry.siemens.com/cs/ww/en/view/109478459/); mitigation: Restrict access to port 102/tcp to trusted IP addresses", plc.Remediation);
    }

    [Fact]
    public void An_asset_whose_firmware_cannot_be_compared_is_listed_as_undecided_not_matched()
    {
        var result = AdvisoryMatcher.Match(Siemens, Berlin, [Asset("plc-7", "Siemens", "S7-1516", null), Asset("plc-8", "Siemens", "S7-1516", "latest")]);

        Assert.Empty(result.Vulnerabilities);
        Assert.Equal(2, result.Undecided.Count);
        Assert.Contains("asset berlin/plc-7", result.Undecided[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_fixed_status_of_any_matched_product_stops_the_vulnerability_counting()
    {
        // Revision 2 says product 2 (the family) is fixed: an asset matching both the exact CPU (affected) and the
        // family (fixed: its order number is a family model number) no longer counts; one matching only the exact CPU
        // (by name) still does.
        var document = JsonNode.Parse(CsafReaderTests.Sample("ssa-412345-simatic-s7-1500.json"))!;
        var status = document["vulnerabilities"]![0]!["product_status"]!.AsObject();
        status["known_affected"] = new JsonArray("1");
        status["fixed"] = new JsonArray("2");
        var revised = CsafReader.Read(document.ToJsonString()).Advisory!;

        var both = AdvisoryMatcher.Match(revised, Berlin, [Asset("plc-2", "Siemens", "6ES7518-4AP00-0AB0", "V2.8")]);
        var exact = AdvisoryMatcher.Match(revised, Berlin, [Asset("plc-3", "Siemens", "SIMATIC S7-1500 CPU 1518-4 PN/DP", "V2.8")]);

        Assert.Empty(both.Vulnerabilities);
        Assert.Equal("CVE-2026-41001", Assert.Single(exact.Vulnerabilities).Cve);
    }

    [Fact]
    public void An_older_revision_never_replaces_a_newer_one_and_the_same_revision_may_be_imported_again()
    {
        var stored = AdvisoryRecord.Of(Siemens, "{}", "alice (fleet-admin)", Siemens.Released);
        var older = Siemens with { Version = "0", Released = Siemens.Released.AddDays(-1) };
        var newer = Siemens with { Version = "2", Released = Siemens.Released.AddDays(3) };

        Assert.Null(AdvisoryRevisions.Refusal(null, Siemens));
        Assert.Null(AdvisoryRevisions.Refusal(stored, Siemens));
        Assert.Null(AdvisoryRevisions.Refusal(stored, newer));
        Assert.Contains("is not newer than the stored revision 1", AdvisoryRevisions.Refusal(stored, older), StringComparison.Ordinal);
    }

    [Fact]
    public void Known_vulnerabilities_become_one_trust_factor_per_cve_at_its_highest_cvss()
    {
        var at = new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
        var known = AdvisoryMatcher.Match(Siemens, Berlin, [Asset("sw-1", "Siemens", "SCALANCE XC208", "V4.4")]).Vulnerabilities;
        var twice = known.Concat(known.Select(k => k with { AdvisoryId = "ICSA-26-314-01", Cvss = 9.8 })).ToList();

        var factor = Assert.Single(AdvisoryTrust.Factors(twice, at));

        Assert.Equal(("CVE-2026-41002 (ICSA-26-314-01)", 9.8), (factor.Source, factor.Cvss));
        Assert.True(AdvisoryTrust.IsAdvisorySource(factor.Source));
        Assert.False(AdvisoryTrust.IsAdvisorySource("CVE-2026-41002"));
        Assert.Equal("CVE-2026-41002", AdvisoryTrust.CveOf(factor.Source));
    }

    internal static AssetSpec Asset(string id, string? vendor, string? model, string? firmware) =>
        FleetSamples.Asset(id, "cell-1") with { Vendor = vendor, Model = model, Firmware = firmware };
}
