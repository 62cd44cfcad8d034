using System.Runtime.CompilerServices;
using ZtFleet.Policy.Compliance;
using ZtFleet.Policy.Compliance.Facts;
using ZtFleet.Policy.Compliance.Iec62443;
using ZtFleet.Policy.Compliance.Iso27001;
using ZtFleet.Policy.Compliance.Maturity;

namespace ZtFleet.Tests.Policy.Compliance;

/// <summary>docs/iec62443.md, docs/iso27001.md and docs/maturity.md render the catalogues: they must stay in step.</summary>
public sealed class ComplianceDocsTests
{
    [Fact]
    public void Iec62443_page_lists_every_requirement_with_its_fr_and_level_and_describes_every_fact()
    {
        var page = File.ReadAllText(Docs("iec62443.md"));

        Assert.All(Iec62443Catalogue.All, r => Assert.Contains($"| {r.Id} | FR {(int)r.Fr} | {r.Level} | {r.Title} |", page, StringComparison.Ordinal));
        var keys = typeof(FactKeys).GetFields().Select(f => (string)f.GetValue(null)!);
        Assert.All(keys, k => Assert.Contains($"`{k}`", page, StringComparison.Ordinal));
    }

    [Fact]
    public void Iso27001_page_lists_every_control()
    {
        var page = File.ReadAllText(Docs("iso27001.md"));

        Assert.All(Iso27001Catalogue.All, c => Assert.Contains($"| {c.Id} | {c.Title} |", page, StringComparison.Ordinal));
    }

    [Fact]
    public void Maturity_page_lists_every_criterion_with_its_stage()
    {
        var page = File.ReadAllText(Docs("maturity.md"));

        Assert.All(MaturityCatalogue.All, c => Assert.Contains($"| {c.Stage} | `{c.Id}` | {c.Statement} |", page, StringComparison.Ordinal));
        Assert.All(MaturityCatalogue.All.SelectMany(c => c.Facts), k => Assert.NotNull(typeof(FactKeys).GetFields().FirstOrDefault(f => (string)f.GetValue(null)! == k)));
        Assert.All(Enum.GetValues<MaturityPillar>(), p => Assert.Contains(MaturityCatalogue.All, c => c.Pillar == p && c.Stage == MaturityStage.Initial));
    }

    private static string Docs(string name, [CallerFilePath] string source = "")
    {
        foreach (var start in new[] { Path.GetDirectoryName(source), AppContext.BaseDirectory })
        {
            for (var directory = start; !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
            {
                var candidate = Path.Combine(directory, "docs", name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new FileNotFoundException($"docs/{name} not found above {source} or {AppContext.BaseDirectory}");
    }
}
