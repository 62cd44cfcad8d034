namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// A person <see cref="OidcIssuer"/> signs tokens for: <paramref name="Subject"/> (claim <c>sub</c> and
/// <c>preferred_username</c>), the ZtFleet role in <c>ztfleet_role</c> and the plants in <c>ztfleet_plants</c>, as the
/// API's default mapping reads them (docs/oidc.md).
/// </summary>
public sealed record OidcTestUser(string Subject, string Role, params string[] Plants)
{
    /// <summary>More claims put in every token of this user (e.g. <c>groups</c> for a role map), or overriding the defaults.</summary>
    public IReadOnlyDictionary<string, object> Claims { get; init; } = new Dictionary<string, object>();
}
