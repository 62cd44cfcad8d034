using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Grains.Export;

/// <summary>
/// The export records of stored detections: one per new or changed detection (opened, recurred, acknowledged,
/// closed, learned), so a SIEM follows a finding by its id through its life.
/// </summary>
public static class DetectionExport
{
    /// <summary>The export record of <paramref name="detection"/> as just stored (body: the detection as JSON).</summary>
    public static ExportRecord ToExportRecord(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        // When this change happened: the latest of its evidence, its acknowledgement and its closing.
        var at = new[] { detection.LastSeen, detection.AcknowledgedAt ?? DateTimeOffset.MinValue, detection.ClosedAt ?? DateTimeOffset.MinValue }.Max();
        return new ExportRecord(
            ExportKind.Detection,
            detection.Plant.Value,
            at,
            detection.Finding.Severity,
            JsonSerializer.Serialize(detection, PlantDeltaJson.Options));
    }
}
