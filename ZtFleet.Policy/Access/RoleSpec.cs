namespace ZtFleet.Policy.Access;

/// <summary>
/// A fleet-wide role: what holding it at a plant allows. Identities get roles per plant (their assignments).
/// Permissions are evaluated in order; the first that applies decides, and its rule id is
/// <c>role:&lt;id&gt;#&lt;index&gt;</c>.
/// </summary>
public sealed record RoleSpec(
    string Id,
    string? Description,
    IReadOnlyList<PermissionSpec> Permissions);
