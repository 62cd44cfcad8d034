namespace ZtFleet.Policy.Access;

/// <summary>
/// The conditions under which a role permission applies; all that are set must hold.
/// </summary>
/// <param name="OnShift">The identity must be on its shift at the plant (with the policy's grace after the end).</param>
/// <param name="MfaMaxAgeMinutes">The identity's last MFA must be younger than this (1–1440); null: no MFA needed.</param>
/// <param name="MaintenanceWindow">A maintenance window of the plant must be open.</param>
/// <param name="MinTrust">The identity's trust score must be at least this (0–100); null: any trust.</param>
public sealed record PermissionConditions(
    bool OnShift = false,
    int? MfaMaxAgeMinutes = null,
    bool MaintenanceWindow = false,
    int? MinTrust = null)
{
    /// <summary>No condition: the permission applies whenever the identity holds the role.</summary>
    public static PermissionConditions None { get; } = new();

    /// <summary>Whether no condition is set.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsNone => !OnShift && MfaMaxAgeMinutes is null && !MaintenanceWindow && MinTrust is null;
}
