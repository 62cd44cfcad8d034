namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Conditions under which a conduit allows a flow, beyond its protocol, port, operations and assets; all that are set
/// must hold. A flow without a known identity (given by the enforcement point, or the identity the source asset is
/// <see cref="AssetSpec.UsedBy"/>) fails every identity condition.
/// </summary>
/// <param name="MaintenanceWindow">A maintenance window of the plant must be open.</param>
/// <param name="Roles">The identity behind the flow must hold one of these roles at the plant; empty: any.</param>
/// <param name="ActiveGrant">
/// The identity behind the flow must hold a temporary grant in force now that covers the destination asset (by the
/// asset or its zone) for the operation's class (<see cref="ProtocolOperations.AccessOperation"/>).
/// </param>
public sealed record ConduitConditions(
    bool MaintenanceWindow = false,
    IReadOnlyList<string>? Roles = null,
    bool ActiveGrant = false)
{
    /// <summary>No condition.</summary>
    public static ConduitConditions None { get; } = new();

    /// <summary>Whether no condition is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsNone => !MaintenanceWindow && !ActiveGrant && (Roles is null || Roles.Count == 0);

    /// <summary>Whether a condition needs the identity behind the flow.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool NeedsIdentity => ActiveGrant || Roles is { Count: > 0 };
}
