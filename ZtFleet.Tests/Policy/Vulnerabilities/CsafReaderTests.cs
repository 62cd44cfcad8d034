using System.Text.Json.Nodes;
using ZtFleet.Policy.Vulnerabilities;

namespace ZtFleet.Tests.Policy.Vulnerabilities;

/// <summary>
/// CSAF 2.0 documents read against the official schema: real OASIS examples and vendor-structured samples read with
/// their product trees and vulnerabilities; what is not CSAF 2.0 or breaks the schema or its own references is refused
/// with field violations.
/// </summary>
public sealed class CsafReaderTests
{
    public static string Sample(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Policy", "Vulnerabilities", "samples", file));

    [Theory]
    [InlineData("bsi-2022-0001.json", "BSI-2022-0001", 6, 1)]
    [InlineData("cisco-sa-20180328-smi2.json", "cisco-sa-20180328-smi2", -1, 1)]
    [InlineData("ssa-412345-simatic-s7-1500.json", "SSA-412345", 4, 2)]
    [InlineData("sevd-2026-314-01-modicon.json", "SEVD-2026-314-01", 3, 1)]
    public void Real_examples_and_vendor_structured_samples_are_valid_csaf_2_0(string file, string id, int products, int vulnerabilities)
    {
        var read = CsafReader.Read(Sample(file));

        Assert.True(read.IsValid, string.Join("\n", read.Violations.Select(v => $"{v.Field}: {v.Description}")));
        Assert.Equal(id, read.Advisory!.Id);
        if (products >= 0)
        {
            Assert.Equal(products, read.Advisory.Products.Count);
        }

        Assert.Equal(vulnerabilities, read.Advisory.Vulnerabilities.Count);
    }

    [Fact]
    public void A_siemens_style_tree_gives_vendor_product_ranges_model_numbers_statuses_scores_and_remediations()
    {
        var advisory = CsafReader.Read(Sample("ssa-412345-simatic-s7-1500.json")).Advisory!;

        var family = advisory.Products.Single(p => p.ProductId == "2");
        Assert.Equal(("Siemens", "SIMATIC S7-1500 CPU family (incl. related ET200 CPUs and SIPLUS variants)"), (family.Vendor, family.ProductName));
        Assert.Equal((VersionRangeKind.Constraints, "vers:intdot/<3.1.0"), (family.Versions.Kind, family.Versions.Text));
        Assert.Equal(["6ES751*", "S7-151*"], family.ModelNumbers);
        var words = advisory.Products.Single(p => p.ProductId == "3");
        Assert.Equal(("All versions < V4.5", true, false), (words.Versions.Text, words.Versions.Contains("V4.4"), words.Versions.Contains("V4.5")));
        Assert.Equal(("Siemens ProductCERT", "https://www.siemens.com", "1"), (advisory.Publisher, advisory.PublisherNamespace, advisory.Version));
        Assert.Equal(new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero), advisory.Released);

        var dos = advisory.Vulnerabilities[0];
        Assert.Equal(("CVE-2026-41001", 7.5), (dos.Id, dos.Scores["1"]));
        Assert.Equal(["1", "2"], dos.Affected.Order());
        Assert.Equal(["vendor_fix", "mitigation"], dos.Remediations["2"].Select(r => r.Category));
        var bypass = advisory.Vulnerabilities[1];
        Assert.Equal(9.3, bypass.Scores["3"]); // CVSS v4 over v3
        Assert.Equal(["4"], bypass.NotAffected);
    }

    [Fact]
    public void A_schneider_style_tree_gives_families_free_text_ranges_cpe_products_and_group_remediations()
    {
        var advisory = CsafReader.Read(Sample("sevd-2026-314-01-modicon.json")).Advisory!;

        var m580 = advisory.Products.Single(p => p.ProductId == "CSAFPID-0001");
        Assert.Equal(("Schneider Electric", "Modicon M580", "Versions prior to SV4.10"), (m580.Vendor, m580.ProductName, m580.Versions.Text));
        var tool = advisory.Products.Single(p => p.ProductId == "CSAFPID-0003");
        Assert.Equal(("schneider-electric", "ecostruxure control expert", VersionRangeKind.All), (tool.Vendor, tool.ProductName, tool.Versions.Kind));
        var vulnerability = Assert.Single(advisory.Vulnerabilities);
        Assert.Equal(["vendor_fix", "mitigation"], vulnerability.Remediations["CSAFPID-0001"].Select(r => r.Category));
        Assert.Equal(["mitigation"], vulnerability.Remediations["CSAFPID-0002"].Select(r => r.Category));
        Assert.Contains("CSAFPID-0003", vulnerability.NotAffected);
    }

    public static readonly TheoryData<string, string, string> Refused = new()
    {
        { "not json at all", "(document)", "is not JSON" },
        { """{"title":"a JSON object"}""", "document", "not a CSAF document" },
        { """{"document":{"title":"no version"}}""", "document.csaf_version", "not a CSAF document" },
        { """{"document":{"csaf_version":"2.1"}}""", "document.csaf_version", "only CSAF 2.0 is read" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Not_json_not_csaf_or_another_version_is_refused_naming_the_field(string text, string field, string description)
    {
        var read = CsafReader.Read(text);

        Assert.Null(read.Advisory);
        var violation = Assert.Single(read.Violations);
        Assert.Equal(field, violation.Field);
        Assert.Contains(description, violation.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_violations_are_refused_one_per_place()
    {
        var document = JsonNode.Parse(Sample("ssa-412345-simatic-s7-1500.json"))!;
        document["document"]!["tracking"]!.AsObject().Remove("id");
        document["vulnerabilities"]![0]!["scores"]![0]!["cvss_v3"]!["baseScore"] = 11.5;
        document["document"]!["category"] = "";

        var read = CsafReader.Read(document.ToJsonString());

        Assert.Null(read.Advisory);
        Assert.Contains(read.Violations, v => v.Field == "document.tracking");
        Assert.Contains(read.Violations, v => v.Field == "vulnerabilities[0].scores[0].cvss_v3.baseScore");
        Assert.Contains(read.Violations, v => v.Field == "document.category");
    }

    [Fact]
    public void A_product_id_the_tree_does_not_define_or_defines_twice_is_refused()
    {
        var document = JsonNode.Parse(Sample("ssa-412345-simatic-s7-1500.json"))!;
        document["vulnerabilities"]![0]!["product_status"]!["known_affected"]!.AsArray().Add("99");
        document["product_tree"]!["branches"]![0]!["branches"]![1]!["branches"]![0]!["product"]!["product_id"] = "1";

        var read = CsafReader.Read(document.ToJsonString());

        Assert.Null(read.Advisory);
        Assert.Contains(read.Violations, v => v.Field == "vulnerabilities[0].product_status.known_affected" && v.Description.Contains("'99'", StringComparison.Ordinal));
        Assert.Contains(read.Violations, v => v.Field == "product_tree" && v.Description.Contains("more than once", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unreadable_range_is_read_with_a_warning_and_matches_nothing()
    {
        var document = JsonNode.Parse(Sample("ssa-412345-simatic-s7-1500.json"))!;
        document["product_tree"]!["branches"]![0]!["branches"]![2]!["branches"]![0]!["name"] = "the releases listed in the table";

        var read = CsafReader.Read(document.ToJsonString());

        Assert.True(read.IsValid);
        var warning = Assert.Single(read.Warnings);
        Assert.Contains("product 3 (SCALANCE XC208)", warning, StringComparison.Ordinal);
    }
}
