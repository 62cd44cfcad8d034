using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.Security;

/// <summary>
/// An external OpenID Connect issuer whose access tokens the API accepts beside its own HS256 tokens, bound from
/// <c>ZtFleet:Auth:Oidc</c> and checked at start by <see cref="OidcOptionsValidator"/>. Off while
/// <see cref="Authority"/> is empty. How a token's claims become a caller: docs/oidc.md.
/// </summary>
public sealed class OidcOptions
{
    public const string Section = "ZtFleet:Auth:Oidc";

    /// <summary>
    /// The issuer's URL (its <c>iss</c>): the discovery document is read from
    /// <c>{Authority}/.well-known/openid-configuration</c> unless <see cref="MetadataAddress"/> is set. HTTPS, except
    /// on a loopback address or in the Development environment. Empty: no external issuer.
    /// </summary>
    public string Authority { get; set; } = string.Empty;

    /// <summary>Where the discovery document is, when not under <see cref="Authority"/>.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The audience (<c>aud</c>) a token must name: the API as the issuer knows it.</summary>
    public string Audience { get; set; } = "ztfleet-api";

    /// <summary>The claim whose value is the caller's name in ZtFleet (audit, approvals, grants).</summary>
    [Required]
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>The claim that holds the caller's ZtFleet role (a text or a list, e.g. groups).</summary>
    [Required]
    public string RoleClaim { get; set; } = "ztfleet_role";

    /// <summary>
    /// Claim values and the ZtFleet role each stands for (<c>fleet-admin</c>, <c>plant-admin</c>, <c>approver</c>,
    /// <c>auditor</c>), e.g. <c>"ot-security-admins": "fleet-admin"</c>. Empty: the values are role names themselves.
    /// When set, only the values it names count.
    /// </summary>
    public Dictionary<string, string> RoleValues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The claim that lists the plants of a plant-scoped role (a text or a list of plant ids).</summary>
    [Required]
    public string PlantsClaim { get; set; } = "ztfleet_plants";

    /// <summary>The claim that holds the token's id, by which <c>RevokeToken</c> revokes it (Entra ID: <c>uti</c>).</summary>
    [Required]
    public string TokenIdClaim { get; set; } = "jti";

    /// <summary>The longest lifetime (expiry minus issue or not-before time) an accepted token may have.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long fetched keys are used before the discovery document and the key set are read again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How soon after a fetch a token signed with a key the API does not know may make it fetch again (a rolled key);
    /// bounds what tokens with made-up key ids can make the API fetch.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan KeyRefreshMinimumInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>True when an external issuer is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
