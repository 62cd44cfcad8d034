using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Tests.Policy.Inventory;

/// <summary>A plant's <c>monitoring:</c> section: read, defaults, validated, written back, and a change is a change.</summary>
public sealed class MonitoringSectionTests
{
    private const string Anchor = "    maintenanceWindows:\n";

    [Fact]
    public void A_plant_without_the_section_has_none_and_one_with_it_keeps_what_it_omits_at_the_defaults()
    {
        var plain = FleetSamples.Plant();
        var plant = FleetSamples.Read(WithMonitoring("{ learningDays: 3, deniedFlowBurst: 10 }")).Plants.Single();

        Assert.Null(plain.Monitoring);
        Assert.Equal(3, plant.Monitoring!.LearningDays);
        Assert.Equal(10, plant.Monitoring.Detectors.DeniedFlowBurst);
        Assert.Equal(MonitoringSettings.Default.Detectors.ScanDestinations, plant.Monitoring.Detectors.ScanDestinations);
    }

    [Theory]
    [InlineData("{ learningDays: 0 }", "monitoring.learningDays")]
    [InlineData("{ learningDays: 400 }", "monitoring.learningDays")]
    [InlineData("{ mfaFailureBurst: 1 }", "monitoring.mfaFailureBurst")]
    [InlineData("{ learningDay: 3 }", "monitoring.learningDay")]
    public void Out_of_range_or_unknown_settings_are_violations_naming_the_field(string section, string field)
    {
        var result = FleetDocumentReader.Read(WithMonitoring(section));

        Assert.False(result.IsValid);
        Assert.True(
            result.Violations.Any(v => v.Field.Contains($"plants[berlin].{field}", StringComparison.Ordinal)),
            string.Join("\n", result.Violations.Select(v => $"{v.Field}: {v.Description}")));
    }

    [Fact]
    public void The_section_is_written_back_and_a_change_of_it_is_a_change_of_the_plant()
    {
        var document = FleetSamples.Read(WithMonitoring("{ learningDays: 3 }"));

        var reread = FleetSamples.Read(FleetDocumentWriter.ToYaml(document));
        var changed = FleetSamples.Read(WithMonitoring("{ learningDays: 5 }"));

        Assert.Equal(document.Plants.Single().Monitoring, reread.Plants.Single().Monitoring);
        Assert.Empty(FleetDiff.Compute(document, reread, prune: false));
        Assert.Contains(FleetDiff.Compute(document, changed, prune: false), c => c.Kind == EntityKind.Plant && c.Change == ChangeKind.Changed);
    }

    private static string WithMonitoring(string section) =>
        FleetSamples.Replace(Anchor, $"    monitoring: {section}\n{Anchor}");
}
