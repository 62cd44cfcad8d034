using System.Text.Json.Nodes;
using ZtFleet.Policy.Export;

namespace ZtFleet.Tests.Policy.Export;

/// <summary>The webhook envelope around OCSF.</summary>
public sealed class WebhookFormatTests
{
    [Fact]
    public void The_envelope_routes_without_OCSF_and_carries_a_valid_OCSF_event()
    {
        var record = ExportSamples.All().Single(s => s.Name == "detection-open").Record with { Position = 12 };

        var json = OcsfSchema.Parse(new WebhookFormat(ExportFormatOptions.Default).Format(record));

        Assert.Equal(("detection", "berlin", "2026-12-05T02:30:42.123Z", "high", 12L, "1.3.0"),
            (json["kind"]!.GetValue<string>(), json["plant"]!.GetValue<string>(), json["at"]!.GetValue<string>(),
             json["severity"]!.GetValue<string>(), json["position"]!.GetValue<long>(), json["ocsf_version"]!.GetValue<string>()));
        Assert.StartsWith("Detection berlin-42", json["summary"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(OcsfSchema.Instance.Validate(json["ocsf"]!.AsObject()));
    }

    [Fact]
    public void A_fleet_wide_record_has_a_null_plant_and_informational_severity()
    {
        var record = ExportSamples.All().Single(s => s.Name == "audit-apply").Record;

        var json = OcsfSchema.Parse(new WebhookFormat(ExportFormatOptions.Default).Format(record));

        Assert.True(json.ContainsKey("plant"));
        Assert.Null(json["plant"]);
        Assert.Equal(("audit", "informational"), (json["kind"]!.GetValue<string>(), json["severity"]!.GetValue<string>()));
    }
}
