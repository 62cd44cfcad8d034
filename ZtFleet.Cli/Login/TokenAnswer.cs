namespace ZtFleet.Cli.Login;

/// <summary>A successful token response (RFC 6749 section 5.1, with OpenID Connect's id_token).</summary>
internal sealed record TokenAnswer(string? AccessToken, string? IdToken, string? RefreshToken, TimeSpan? ExpiresIn);
