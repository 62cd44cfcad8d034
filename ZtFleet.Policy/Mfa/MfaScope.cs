using ZtFleet.Policy.Access;
using ZtFleet.Policy.Authorization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Mfa;

/// <summary>
/// Where a recorded MFA counts. An assertion made by a fleet-wide caller (a fleet administrator) counts at every
/// plant the identity may act at; one made by a caller scoped to plants (an enforcement point, a plant
/// administrator) counts only at those of its plants where the identity is assigned. A jump host at plant A has seen
/// the person authenticate at A, nothing more: a compromised point, or one that relays a phished code, must not open
/// doors at plant B.
/// </summary>
public static class MfaScope
{
    /// <summary>
    /// The plants where an assertion by a caller of <paramref name="role"/> at <paramref name="callerPlants"/> counts:
    /// null for everywhere (a fleet administrator), otherwise the caller's plants where the identity is assigned.
    /// </summary>
    public static IReadOnlyList<PlantId>? Of(Role role, IReadOnlySet<PlantId> callerPlants, IEnumerable<PlantId> assignedPlants) =>
        Of(role == Role.FleetAdmin ? null : callerPlants, assignedPlants);

    /// <summary>
    /// The plants where an assertion counts: null for everywhere (a fleet-wide caller), otherwise the caller's
    /// plants where the identity is assigned, in assignment order (empty: the caller may not assert for it).
    /// </summary>
    /// <param name="callerPlants">The caller's plants; null for a fleet-wide caller.</param>
    /// <param name="assignedPlants">The plants the identity is assigned to.</param>
    public static IReadOnlyList<PlantId>? Of(IReadOnlySet<PlantId>? callerPlants, IEnumerable<PlantId> assignedPlants)
    {
        ArgumentNullException.ThrowIfNull(assignedPlants);
        return callerPlants is null ? null : assignedPlants.Where(callerPlants.Contains).Distinct().ToList();
    }

    /// <summary>
    /// The MFA that counts at one plant: the newer of the identity's fleet-wide MFA and the one recorded for that
    /// plant alone.
    /// </summary>
    public static MfaState? AtPlant(MfaState? fleetWide, MfaState? plantOnly) =>
        fleetWide is null ? plantOnly
        : plantOnly is null ? fleetWide
        : plantOnly.AuthTime > fleetWide.AuthTime ? plantOnly : fleetWide;
}
