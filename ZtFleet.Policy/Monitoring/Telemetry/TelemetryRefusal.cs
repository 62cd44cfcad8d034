namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>Why one event of a batch was refused.</summary>
/// <param name="Index">The event's place in its batch.</param>
/// <param name="Field">The field's path in the event as the API spells it (<c>ot_transaction.source.ip</c>).</param>
/// <param name="Reason">One of <see cref="TelemetryRefusalReasons"/>.</param>
/// <param name="Description">A sentence for the sender's operator.</param>
public readonly record struct TelemetryRefusal(int Index, string Field, string Reason, string Description);
