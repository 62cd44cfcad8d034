using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Api.Security;

/// <summary>
/// An authenticated caller: who, with which role, at which plants (and, for an enforcement point, which zones). What
/// it may do is the core's <see cref="Authorizer"/>'s to decide; <see cref="Authorize"/> turns a refusal into the
/// refusal exception the API answers with.
/// </summary>
public sealed record Caller(string Subject, Role Role, IReadOnlySet<PlantId> Plants)
{
    /// <summary>Zones an enforcement point (or an enrollment token) is bound to; empty = the whole plant.</summary>
    public IReadOnlySet<ZoneId> Zones { get; init; } = new HashSet<ZoneId>();

    /// <summary>The token's id (<c>jti</c>), for one-time enrollment tokens.</summary>
    public string? TokenId { get; init; }

    /// <summary>
    /// When the token expires (its <c>exp</c>), set by <see cref="TokenService"/>: a stream the caller opened ends
    /// then (<see cref="CredentialGuard"/>). Null for a caller made without a token.
    /// </summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The caller as the authorizer sees it.</summary>
    public Principal Principal => new(Subject, Role, Plants) { Zones = Zones };

    /// <summary>
    /// The enrolled machine this caller is, when it is one: an enforcement point, or a sensor (enrolled the same way,
    /// with the same id space, revoked the same way).
    /// </summary>
    public EnforcementPointId? EnforcementPoint =>
        Role is Role.EnforcementPoint or Role.Sensor && EnforcementPointId.TryParse(Subject, out var id) ? id : null;

    /// <summary>True when the caller may do <paramref name="action"/> at <paramref name="plant"/> (for filtering lists).</summary>
    public bool IsAllowed(AdminAction action, PlantId? plant = null) => Authorizer.Decide(Principal, action, plant).IsAllowed;

    /// <summary>
    /// Refuses unless the caller may do <paramref name="action"/> at <paramref name="plant"/> (null: anywhere, or
    /// fleet-wide): <see cref="NotFoundException"/> naming <paramref name="what"/> (default: the plant) when the plant is
    /// outside the caller's scope, <see cref="PermissionDeniedException"/> when its role does not allow the action.
    /// </summary>
    public void Authorize(AdminAction action, PlantId? plant = null, string? what = null) =>
        Enforce(Authorizer.Decide(Principal, action, plant), what ?? $"Plant '{plant}'");

    /// <summary>
    /// Refuses unless the caller may do <paramref name="action"/> to <paramref name="what"/>, which belongs to every plant
    /// of <paramref name="plants"/> (an identity and its assignments); out of scope, <paramref name="what"/> is not found.
    /// </summary>
    public void AuthorizeAcross(AdminAction action, IEnumerable<PlantId> plants, string what) =>
        Enforce(Authorizer.DecideAcross(Principal, action, plants), what);

    /// <summary>Refuses unless <paramref name="decision"/> allows; out of scope, <paramref name="what"/> is not found.</summary>
    public void Require(AuthorizationDecision decision, string what) => Enforce(decision, what);

    public override string ToString() => $"{Subject} ({RoleNames.Format(Role)})";

    private static void Enforce(AuthorizationDecision decision, string what)
    {
        switch (decision.Refusal)
        {
            case AuthorizationRefusal.None:
                return;
            case AuthorizationRefusal.NotFound:
                throw new NotFoundException(what);
            default:
                throw new PermissionDeniedException(decision.Reason);
        }
    }
}
