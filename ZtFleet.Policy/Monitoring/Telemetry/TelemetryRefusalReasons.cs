namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>
/// The stable reasons an ingested event or batch is refused (docs/telemetry.md). They are counted per sender and
/// appear in acknowledgements and in the telemetry status; never renamed.
/// </summary>
public static class TelemetryRefusalReasons
{
    /// <summary>An address that is not an IPv4 or IPv6 address.</summary>
    public const string InvalidAddress = "invalid-address";

    /// <summary>The event's time is further from the receiver's clock than the accepted window.</summary>
    public const string ClockSkew = "clock-skew";

    /// <summary>A field the event's kind requires is empty.</summary>
    public const string MissingField = "missing-field";

    /// <summary>No kind of event is set (or one this server does not know).</summary>
    public const string UnknownKind = "unknown-kind";

    /// <summary>A value out of its range or not in its vocabulary.</summary>
    public const string InvalidValue = "invalid-value";

    /// <summary>An asset id the plant does not have.</summary>
    public const string UnknownAsset = "unknown-asset";

    /// <summary>An identity id that is not an identity of the plant.</summary>
    public const string UnknownIdentity = "unknown-identity";

    /// <summary>A zone id the plant does not have.</summary>
    public const string UnknownZone = "unknown-zone";

    /// <summary>A whole batch: more events than <see cref="TelemetryLimits.MaxBatchEvents"/>.</summary>
    public const string TooManyEvents = "too-many-events";

    /// <summary>A whole batch: sequence 0 (sequences start at 1).</summary>
    public const string InvalidSequence = "invalid-sequence";
}
