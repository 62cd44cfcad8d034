using ZtFleet.Grains.Fleet;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Tests.Grains;

/// <summary>Fleet documents and apply options for grain tests that share one cluster.</summary>
internal static class FleetDocuments
{
    /// <summary>A real (not dry-run), non-pruning apply by a test actor.</summary>
    public static FleetApplyOptions Options() => new(DryRun: false, Prune: false, Actor: "test");

    public static FleetDocument Read(string yaml)
    {
        var result = FleetDocumentReader.Read(yaml);
        Assert.True(result.IsValid, string.Join("\n", result.Violations));
        return result.Document!;
    }

    /// <summary>Suffixes plant and identity ids so tests sharing the cluster never touch each other's grains.</summary>
    public static FleetDocument Unique(FleetDocument document, string suffix) => document with
    {
        Plants = document.Plants.Select(p => p with { Id = PlantId.Parse($"{p.Id}-{suffix}") }).ToList(),
        Identities = document.Identities.Select(i => i with
        {
            Id = IdentityId.Parse($"{i.Id}-{suffix}"),
            Assignments = i.Assignments.Select(a => a with { Plant = PlantId.Parse($"{a.Plant}-{suffix}") }).ToList(),
        }).ToList(),
    };
}
