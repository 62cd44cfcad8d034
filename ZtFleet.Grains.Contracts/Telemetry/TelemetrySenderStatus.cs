namespace ZtFleet.Grains.Telemetry;

/// <summary>What one sender has sent to its plant, since its counters were created (they survive restarts).</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.TelemetrySenderStatus")]
public sealed record TelemetrySenderStatus(
    [property: Id(0)] string Sender,
    [property: Id(1)] ulong AcknowledgedSequence,
    [property: Id(2)] DateTimeOffset? LastBatchAt,
    [property: Id(3)] long Batches,
    [property: Id(4)] long DuplicateBatches,
    [property: Id(5)] long RefusedBatches,
    [property: Id(6)] long EventsAccepted,
    [property: Id(7)] long EventsRefused,
    [property: Id(8)] IReadOnlyDictionary<string, long> RefusedByReason,
    [property: Id(9)] long EventsLostAtSender,
    [property: Id(10)] long UninventoriedEvents,
    [property: Id(11)] long ThrottledMs);
