using System.Text.Json.Serialization;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Inventory;

/// <summary>Everything the fleet document says about one plant.</summary>
/// <param name="MaintenanceWindows">
/// The plant's recurring maintenance windows (<c>maintenanceWindows:</c>); null when the document omits them. Read
/// <see cref="DefinedMaintenanceWindows"/> for a list that is never null.
/// </param>
public sealed record PlantSpec(
    PlantId Id,
    string Name,
    string TimeZone,
    IReadOnlyList<ShiftSpec> Shifts,
    IReadOnlyList<ZoneSpec> Zones,
    IReadOnlyList<AssetSpec> Assets,
    IReadOnlyList<ConduitSpec> Conduits,
    IReadOnlyList<FlowSpec> Flows,
    IReadOnlyList<MaintenanceWindowSpec>? MaintenanceWindows = null)
{
    /// <summary>
    /// The plant's monitoring settings (<c>monitoring:</c>: learning period, detector thresholds); null when the
    /// document omits them, which means <see cref="Monitoring.MonitoringSettings.Default"/>.
    /// </summary>
    public Monitoring.MonitoringSettings? Monitoring { get; init; }

    /// <summary>The maintenance windows, empty when the plant has none.</summary>
    [JsonIgnore]
    public IReadOnlyList<MaintenanceWindowSpec> DefinedMaintenanceWindows => MaintenanceWindows ?? [];
}
