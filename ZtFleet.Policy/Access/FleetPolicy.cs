using System.Text.Json.Serialization;

namespace ZtFleet.Policy.Access;

/// <summary>
/// Fleet-wide access settings (the fleet document's <c>policy:</c> section); omitted values take these defaults.
/// </summary>
/// <param name="DecisionTtlSeconds">How long an enforcement point may cache a decision at most (1–3600).</param>
/// <param name="ShiftGraceMinutes">How long after a shift's end access that needs the shift still holds (0–120).</param>
/// <param name="GrantMfaMaxAgeMinutes">How fresh MFA must be to use a temporary grant (1–1440).</param>
/// <param name="MaxGrantHours">The longest window a temporary grant may be approved for (1–720).</param>
/// <param name="SafetyApprovers">Distinct approvers a grant on a safety-related target needs (2–5).</param>
/// <param name="RequireChangeReason">
/// Every apply that changes the fleet (ApplyFleet, ImportAssetsCsv, RollbackFleet) must give a reason, recorded in its
/// fleet version (docs/fleet-versions.md); off by default.
/// </param>
public sealed record FleetPolicy(
    int DecisionTtlSeconds = 300,
    int ShiftGraceMinutes = 15,
    int GrantMfaMaxAgeMinutes = 60,
    int MaxGrantHours = 72,
    int SafetyApprovers = 2,
    bool RequireChangeReason = false)
{
    /// <summary>The settings of a fleet document without a <c>policy:</c> section.</summary>
    public static FleetPolicy Default { get; } = new();

    [JsonIgnore]
    public TimeSpan DecisionTtl => TimeSpan.FromSeconds(DecisionTtlSeconds);

    [JsonIgnore]
    public TimeSpan ShiftGrace => TimeSpan.FromMinutes(ShiftGraceMinutes);

    [JsonIgnore]
    public TimeSpan GrantMfaMaxAge => TimeSpan.FromMinutes(GrantMfaMaxAgeMinutes);

    [JsonIgnore]
    public TimeSpan MaxGrantDuration => TimeSpan.FromHours(MaxGrantHours);
}
