using ZtFleet.Api.Security;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// The scope rule (<see cref="EnforcementScope"/>) applied to a caller: an enforcement point bound to zones may ask
/// about its zones only; administrators and unbound points, about the whole plant their role lets them see.
/// </summary>
internal static class PointScope
{
    /// <summary>The zones <paramref name="caller"/> may ask about.</summary>
    public static EnforcementScope Of(Caller caller) =>
        caller.Role == Role.EnforcementPoint && caller.Zones.Count > 0 ? new EnforcementScope(caller.Zones) : EnforcementScope.WholePlant;

    /// <summary>
    /// Refuses with PERMISSION_DENIED when the target is outside the point's zones: the point knows its plant, so
    /// naming the zone tells it nothing it may not know; NOT_FOUND stays for other plants.
    /// </summary>
    /// <param name="what">Which part of the request, e.g. <c>checks[3]</c>; null for the request as a whole.</param>
    public static void Require(Caller caller, ScopeVerdict verdict, string? what = null)
    {
        if (!verdict.InScope)
        {
            throw new PermissionDeniedException(
                $"Enforcement point '{caller.Subject}' may not ask about this target{(what is null ? string.Empty : $" ({what})")}: {verdict.Reason}.");
        }
    }
}
