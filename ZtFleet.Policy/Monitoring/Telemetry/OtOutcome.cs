namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>What happened to an OT operation. <see cref="Unspecified"/> is not a valid value.</summary>
public enum OtOutcome
{
    Unspecified = 0,

    /// <summary>A protocol proxy decided it and forwarded it.</summary>
    Forwarded = 1,

    /// <summary>A protocol proxy refused it (answered with an exception, never forwarded).</summary>
    Refused = 2,

    /// <summary>A passive sensor saw it.</summary>
    Observed = 3,
}
