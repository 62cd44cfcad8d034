using ZtFleet.Policy.Monitoring;

namespace ZtFleet.Policy.Export;

/// <summary>
/// One record on its way to the SIEM destinations: written to the durable outbox by whoever produced it, read in
/// order, formatted per destination (syslog RFC 5424, CEF, OCSF JSON, webhook JSON) and filtered by kind, severity
/// and plant.
/// </summary>
/// <param name="Kind">What it is.</param>
/// <param name="Plant">The plant it belongs to; null for fleet-wide records.</param>
/// <param name="At">When it happened (the producer's <c>ControlPlaneClock</c>).</param>
/// <param name="Severity">Its severity (<see cref="Severity.Unspecified"/> for informational records).</param>
/// <param name="Body">The producing model as JSON (the type named by <see cref="Kind"/>), serialized with the pure core's JSON options.</param>
public sealed record ExportRecord(ExportKind Kind, string? Plant, DateTimeOffset At, Severity Severity, string Body)
{
    /// <summary>The outbox position, assigned when stored (0 before); increasing, so in order per plant.</summary>
    public long Position { get; init; }
}
