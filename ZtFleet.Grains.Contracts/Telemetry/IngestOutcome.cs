namespace ZtFleet.Grains.Telemetry;

/// <summary>What became of a batch, and the sender's highest acknowledged sequence after it.</summary>
[GenerateSerializer, Immutable, Alias("ztfleet.IngestOutcome")]
public sealed record IngestOutcome(
    [property: Id(0)] BatchResult Result,
    [property: Id(1)] ulong AcknowledgedSequence);
