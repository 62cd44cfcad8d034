namespace ZtFleet.Policy.Inventory;

/// <summary>
/// What an enforcement point at a zone's boundary does when it loses the control plane. Documents write it
/// <c>closed</c> or <c>static</c>.
/// </summary>
public enum ZoneFailMode
{
    /// <summary>Deny: forward nothing, refuse every proxied request (the default).</summary>
    Closed = 0,

    /// <summary>
    /// Keep enforcing the last ruleset and decisions for at most <see cref="ZoneSpec.FailStaticMinutes"/>, then fail
    /// closed: for zones where stopping traffic at once would endanger the process.
    /// </summary>
    Static = 1,
}
