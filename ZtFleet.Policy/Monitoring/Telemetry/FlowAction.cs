namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>What happened to a flow. <see cref="Unspecified"/> is not a valid value.</summary>
public enum FlowAction
{
    Unspecified = 0,

    /// <summary>An enforcement point let it through (by <see cref="FlowEvent.Rule"/>).</summary>
    Allowed = 1,

    /// <summary>An enforcement point dropped or rejected it.</summary>
    Dropped = 2,

    /// <summary>A passive sensor saw it; nothing was enforced.</summary>
    Observed = 3,
}
