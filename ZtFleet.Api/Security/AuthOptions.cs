using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.Security;

/// <summary>Bearer token settings, bound from <c>ZtFleet:Auth</c> and checked at start by <see cref="AuthOptionsValidator"/>.</summary>
public sealed class AuthOptions
{
    public const string Section = "ZtFleet:Auth";

    /// <summary>
    /// HMAC-SHA256 key that signs and checks every token: <c>base64:</c> and the base64 of at least 32 random bytes,
    /// or a text of at least 32 UTF-8 bytes. The rule is <see cref="Security.SigningKey.Problem"/>; outside
    /// Development the repository's development key is refused.
    /// </summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Token issuer.</summary>
    [Required]
    public string Issuer { get; set; } = "ztfleet";

    /// <summary>Token audience.</summary>
    [Required]
    public string Audience { get; set; } = "ztfleet-api";

    /// <summary>
    /// The longest lifetime (expiry minus issue or not-before time) an administrative token may have; longer ones
    /// are refused, whoever signed them. Enforcement point credentials and enrollment tokens have their own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan MaxAdminTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the API reloads the whole deny list (the backstop of the pushed additions).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RevocationReloadInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How old the API's copy of the deny list may be (since it last heard from the cluster) before it refuses
    /// authenticated calls with UNAVAILABLE: it cannot vouch for a credential that may have been revoked meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "00:10:00")]
    public TimeSpan RevocationMaxStaleness { get; set; } = TimeSpan.FromSeconds(30);
}
