namespace ZtFleet.Grains.Propagation;

/// <summary>One entry of a plant's delta log as stored: the epoch, the delta as JSON, and the command's key.</summary>
/// <param name="Epoch">Gap-free, strictly increasing per plant, starting at 1.</param>
/// <param name="Kind">The delta kind (for operators reading the table; the payload says it too).</param>
/// <param name="Payload">The serialized <c>PlantDelta</c>.</param>
/// <param name="IdempotencyKey">The key of the command that produced it; a retried command finds it.</param>
/// <param name="At">When it was appended.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.DeltaRecord")]
public sealed record DeltaRecord(
    [property: Id(0)] long Epoch,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Payload,
    [property: Id(3)] string? IdempotencyKey,
    [property: Id(4)] DateTimeOffset At);
