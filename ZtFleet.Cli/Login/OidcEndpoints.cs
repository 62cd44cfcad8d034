namespace ZtFleet.Cli.Login;

/// <summary>The endpoints an issuer's discovery document names (OpenID Connect Discovery 1.0, RFC 8414).</summary>
internal sealed record OidcEndpoints(string Issuer, string DeviceAuthorizationEndpoint, string TokenEndpoint);
