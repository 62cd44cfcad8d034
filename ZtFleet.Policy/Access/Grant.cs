using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Access;

/// <summary>
/// An approved temporary access: <see cref="Operations"/> on the named zones (every asset in them) and assets of
/// one plant, from <see cref="NotBefore"/> (inclusive) to <see cref="NotAfter"/> (exclusive). Using it always needs
/// MFA fresher than the policy's <see cref="FleetPolicy.GrantMfaMaxAgeMinutes"/>. A grant that names no zone and no
/// asset, or no operation, covers nothing.
/// </summary>
/// <param name="Id">The grant's id; its decisions name the rule <c>grant:&lt;id&gt;</c>.</param>
/// <param name="RequestId">The access request it was approved from (for the audit trail).</param>
public sealed record Grant(
    string Id,
    IdentityId Identity,
    PlantId Plant,
    IReadOnlyList<Operation> Operations,
    IReadOnlyList<ZoneId> Zones,
    IReadOnlyList<AssetId> Assets,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    string RequestId);
