using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Policy.Access;

/// <summary>
/// An identity of a snapshot with its decision candidates precomputed: its grants at this plant, then the
/// permissions of its roles in the order the roles are defined.
/// </summary>
internal sealed class IdentityEntry
{
    public IdentityEntry(IdentityAtPlant identity, PlantModel model)
    {
        Identity = identity;
        Trust = Math.Clamp(identity.Trust, 0, 100);
        TrustTier = identity.TrustTier;
        Grants = (identity.Grants ?? [])
            .Where(g => g is not null && g.Identity == identity.Id && g.Plant == model.Plant)
            .Select(g => new CompiledGrant(g))
            .ToArray();
        var roles = identity.Roles ?? [];
        Permissions = model.Roles
            .Where(r => roles.Contains(r.Key, StringComparer.Ordinal))
            .SelectMany(r => r.Value)
            .ToArray();
        HasRole = roles.Count > 0;
        if (identity.Shift is { } shift)
        {
            Shift = model.Shifts.GetValueOrDefault(shift);
        }

        RemoteRecorded = identity.Kind is IdentityKind.Contractor or IdentityKind.VendorTechnician;
    }

    public IdentityAtPlant Identity { get; }

    /// <summary>The trust score clamped to 0–100.</summary>
    public int Trust { get; }

    /// <summary>The identity's enforced trust tier (unspecified and undefined values allow nothing).</summary>
    public TrustTier TrustTier { get; }

    public CompiledGrant[] Grants { get; }

    public CompiledPermission[] Permissions { get; }

    /// <summary>Whether the identity holds any role at the plant (break-glass needs one).</summary>
    public bool HasRole { get; }

    /// <summary>Its shift at the plant; null when it has none or names one the plant does not define.</summary>
    public ShiftCalendar? Shift { get; }

    /// <summary>Whether its remote sessions are recorded (contractors and vendor technicians).</summary>
    public bool RemoteRecorded { get; }
}
