namespace ZtFleet.Agent.FailModes;

/// <summary>Where the agent stands with the control plane.</summary>
public enum ConnectionMode
{
    /// <summary>In contact within the lease: enforcing what the control plane sent.</summary>
    Connected,

    /// <summary>The lease ran out; the zones allow fail-static and its bound has not elapsed: enforcing the last state.</summary>
    FailStatic,

    /// <summary>The lease ran out and a zone fails closed, or the fail-static bound elapsed: forwarding nothing.</summary>
    FailClosed,
}
