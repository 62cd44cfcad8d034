namespace ZtFleet.Grains.Telemetry;

/// <summary>Persisted state of a plant's telemetry sender registry (row <c>telemetry-senders</c>).</summary>
[GenerateSerializer, Alias("ztfleet.TelemetrySendersState")]
public sealed class TelemetrySendersState
{
    [Id(0)]
    public List<string> Senders { get; set; } = [];
}
