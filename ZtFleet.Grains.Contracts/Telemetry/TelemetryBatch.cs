using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Grains.Telemetry;

/// <summary>One normalised batch of a sender, with what normalising it refused and what the sender reported lost.</summary>
/// <param name="Sequence">The sender's batch number (at least 1).</param>
/// <param name="Events">The accepted events, in the sender's order.</param>
/// <param name="Refused">How many events were refused.</param>
/// <param name="RefusedByReason">Refused events per reason.</param>
/// <param name="Uninventoried">Accepted events with an uninventoried host.</param>
/// <param name="LostBefore">Events the sender dropped before this batch (its buffer was full).</param>
/// <param name="ThrottledMs">How long the API held the sender back before this batch, in milliseconds.</param>
[GenerateSerializer, Immutable, Alias("ztfleet.TelemetryBatch")]
public sealed record TelemetryBatch(
    [property: Id(0)] ulong Sequence,
    [property: Id(1)] JsonList<TelemetryEvent> Events,
    [property: Id(2)] int Refused,
    [property: Id(3)] IReadOnlyDictionary<string, int> RefusedByReason,
    [property: Id(4)] int Uninventoried,
    [property: Id(5)] ulong LostBefore,
    [property: Id(6)] long ThrottledMs);
