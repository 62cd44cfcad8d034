using System.ComponentModel.DataAnnotations;

namespace ZtFleet.Api.Security;

/// <summary>Bearer token settings, bound from <c>ZtFleet:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "ZtFleet:Auth";

    /// <summary>HMAC-SHA256 key (at least 32 bytes of text) that signs and checks admin tokens.</summary>
    [Required]
    [MinLength(32)]
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>Token issuer.</summary>
    public string Issuer { get; set; } = "ztfleet";

    /// <summary>Token audience.</summary>
    public string Audience { get; set; } = "ztfleet-api";
}
