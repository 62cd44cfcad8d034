using System.ComponentModel.DataAnnotations;
using ZtFleet.Policy.Access;

namespace ZtFleet.Api.Validation;

/// <summary>
/// <c>ZtFleet:Access</c>: how far ahead a temporary access window may reach. Validated at start: a horizon outside
/// one hour to ten years is a configuration mistake, not a policy.
/// </summary>
public sealed class AccessOptions
{
    public const string Section = "ZtFleet:Access";

    /// <summary>
    /// A window (both <c>not_before</c> and <c>not_after</c>) must lie within this much of now; 90 days unless
    /// configured (a TimeSpan such as <c>90.00:00:00</c>).
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "ZtFleet:Access:MaxWindowAhead must be between 1 hour and 3650 days.")]
    public TimeSpan MaxWindowAhead { get; set; } = TemporaryAccessRules.DefaultMaxWindowAhead;
}
