namespace ZtFleet.Cli.Login;

/// <summary>A device authorization response (RFC 8628 section 3.2).</summary>
internal sealed record DeviceAuthorization(
    string DeviceCode,
    string UserCode,
    string VerificationUri,
    string? VerificationUriComplete,
    TimeSpan ExpiresIn,
    TimeSpan Interval);
