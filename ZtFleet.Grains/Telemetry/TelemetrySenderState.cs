namespace ZtFleet.Grains.Telemetry;

/// <summary>Persisted state of a telemetry sender (row <c>telemetry-sender</c>): its acknowledged sequence and counters.</summary>
[GenerateSerializer, Alias("ztfleet.TelemetrySenderState")]
public sealed class TelemetrySenderState
{
    [Id(0)]
    public ulong AcknowledgedSequence { get; set; }

    [Id(1)]
    public DateTimeOffset? LastBatchAt { get; set; }

    [Id(2)]
    public long Batches { get; set; }

    [Id(3)]
    public long DuplicateBatches { get; set; }

    [Id(4)]
    public long RefusedBatches { get; set; }

    [Id(5)]
    public long EventsAccepted { get; set; }

    [Id(6)]
    public long EventsRefused { get; set; }

    /// <summary>Refused events per reason, and refused batches per reason (<c>batch:too-many-events</c>).</summary>
    [Id(7)]
    public Dictionary<string, long> RefusedByReason { get; set; } = new(StringComparer.Ordinal);

    [Id(8)]
    public long EventsLostAtSender { get; set; }

    [Id(9)]
    public long UninventoriedEvents { get; set; }

    [Id(10)]
    public long ThrottledMs { get; set; }

    /// <summary>Whether the plant's sender registry knows this sender.</summary>
    [Id(11)]
    public bool Registered { get; set; }
}
