using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Trust;

namespace ZtFleet.Policy.Access;

/// <summary>
/// What a decision at one plant needs to know about an identity that may act there.
/// </summary>
/// <param name="Id">The identity.</param>
/// <param name="Kind">Employee, contractor, vendor technician or service account.</param>
/// <param name="Roles">Its roles at this plant (role ids of the fleet's role definitions).</param>
/// <param name="Shift">The shift it works at this plant (a shift id of the plant), or null.</param>
/// <param name="Locked">A locked identity is denied everything, whatever its roles and grants say.</param>
/// <param name="Trust">Its trust score, 0–100 (<see cref="DefaultTrust"/> until something lowers it).</param>
/// <param name="Mfa">Its last verified MFA, or null.</param>
/// <param name="Grants">Its temporary grants (those of other plants or identities are ignored).</param>
/// <param name="TrustTier">
/// Its enforced trust tier (<see cref="TrustTiers"/>, after hysteresis): what it may still do as far as its trust goes.
/// Trusted when absent (data written before tiers existed); unspecified allows nothing.
/// </param>
public sealed record IdentityAtPlant(
    IdentityId Id,
    IdentityKind Kind,
    IReadOnlyList<string> Roles,
    string? Shift,
    bool Locked,
    int Trust,
    MfaState? Mfa,
    IReadOnlyList<Grant> Grants,
    TrustTier TrustTier = TrustTier.Trusted)
{
    /// <summary>
    /// A response step (step-up-mfa) requires a fresh MFA: until the identity presents one, every candidate rule fails
    /// on MFA, so the decision is a deny with the step-up obligation.
    /// </summary>
    public bool StepUpRequired { get; init; }

    /// <summary>The trust score of an identity nothing has lowered.</summary>
    public const int DefaultTrust = 100;

    /// <summary>
    /// The identity as the fleet document assigns it to <paramref name="plant"/>: its roles and shift there, not
    /// locked, full trust, no MFA and no grants. Null when it has no assignment at that plant.
    /// </summary>
    public static IdentityAtPlant? From(IdentitySpec identity, PlantId plant)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var assignment = (identity.Assignments ?? []).FirstOrDefault(a => a.Plant == plant);
        return assignment is null
            ? null
            : new IdentityAtPlant(identity.Id, identity.Kind, assignment.Roles ?? [], assignment.Shift, false, DefaultTrust, null, []);
    }
}
