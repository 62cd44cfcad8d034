using System.Net;
using System.Text.Json;
using ZtFleet.Cli.Hosting;

namespace ZtFleet.Cli.Login;

/// <summary>
/// The OAuth 2.0 device authorization grant (RFC 8628) against an OpenID Connect issuer: discovery, the device
/// request, polling the token endpoint (authorization_pending, slow_down, access_denied, expired_token), and refresh.
/// Endpoints must be https, or http on a loopback address (a local or test issuer).
/// </summary>
internal sealed class OidcClient(HttpClient http)
{
    private const string DeviceGrant = "urn:ietf:params:oauth:grant-type:device_code";

    public async Task<OidcEndpoints> DiscoverAsync(string issuer, CancellationToken cancellationToken)
    {
        var issuerUri = RequireSecure(issuer, "--issuer");
        var discovery = new Uri(issuerUri.AbsoluteUri.TrimEnd('/') + "/.well-known/openid-configuration");
        using var response = await http.GetAsync(discovery, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new CliFailure(ExitCodes.Unavailable, $"The issuer's discovery document {discovery} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = document.RootElement;
        var device = Text(root, "device_authorization_endpoint")
            ?? throw new CliFailure(ExitCodes.Refused, $"The issuer {issuer} offers no device authorization endpoint (device_authorization_endpoint): it does not support the device flow.");
        var token = Text(root, "token_endpoint") ?? throw new CliFailure(ExitCodes.Refused, $"The issuer {issuer} names no token_endpoint.");
        RequireSecure(device, "device_authorization_endpoint");
        RequireSecure(token, "token_endpoint");
        return new OidcEndpoints(Text(root, "issuer") ?? issuer, device, token);
    }

    public async Task<DeviceAuthorization> StartAsync(OidcEndpoints endpoints, string clientId, string scope, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string> { ["client_id"] = clientId };
        if (scope.Length > 0)
        {
            form["scope"] = scope;
        }

        using var response = await http.PostAsync(endpoints.DeviceAuthorizationEndpoint, new FormUrlEncodedContent(form), cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var root = document.RootElement;
        if (!response.IsSuccessStatusCode)
        {
            throw new CliFailure(ExitCodes.Refused, $"The issuer refused the device authorization: {Error(root)}.");
        }

        return new DeviceAuthorization(
            Text(root, "device_code") ?? throw new CliFailure(ExitCodes.Refused, "The issuer's device authorization carries no device_code."),
            Text(root, "user_code") ?? throw new CliFailure(ExitCodes.Refused, "The issuer's device authorization carries no user_code."),
            Text(root, "verification_uri") ?? Text(root, "verification_url") ?? throw new CliFailure(ExitCodes.Refused, "The issuer's device authorization carries no verification_uri."),
            Text(root, "verification_uri_complete"),
            TimeSpan.FromSeconds(Number(root, "expires_in") ?? 600),
            TimeSpan.FromSeconds(Math.Max(Number(root, "interval") ?? 5, 1)));
    }

    /// <summary>Polls until the user approved or denied, or the code expired.</summary>
    public async Task<TokenAnswer> PollAsync(OidcEndpoints endpoints, string clientId, DeviceAuthorization device, CancellationToken cancellationToken)
    {
        var interval = device.Interval;
        var deadline = DateTimeOffset.UtcNow + device.ExpiresIn;
        while (true)
        {
            await Task.Delay(interval, cancellationToken);
            var form = new Dictionary<string, string>
            {
                ["grant_type"] = DeviceGrant,
                ["device_code"] = device.DeviceCode,
                ["client_id"] = clientId,
            };
            using var response = await http.PostAsync(endpoints.TokenEndpoint, new FormUrlEncodedContent(form), cancellationToken);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = document.RootElement;
            if (response.IsSuccessStatusCode)
            {
                return Tokens(root);
            }

            switch (Text(root, "error"))
            {
                case "authorization_pending":
                    break;
                case "slow_down":
                    interval += TimeSpan.FromSeconds(5);
                    break;
                case "access_denied":
                    throw new CliFailure(ExitCodes.Unauthenticated, "The sign-in was denied at the issuer.");
                case "expired_token":
                    throw new CliFailure(ExitCodes.Unauthenticated, "The code expired before the sign-in finished: run ztfleet login --oidc again.");
                default:
                    throw new CliFailure(ExitCodes.Unauthenticated, $"The issuer refused the device code: {Error(root)}.");
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new CliFailure(ExitCodes.Unauthenticated, "The code expired before the sign-in finished: run ztfleet login --oidc again.");
            }
        }
    }

    public async Task<TokenAnswer> RefreshAsync(string tokenEndpoint, string clientId, string refreshToken, CancellationToken cancellationToken)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = clientId,
        };
        using var response = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(form), cancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            throw new CliFailure(
                response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized ? ExitCodes.Unauthenticated : ExitCodes.Unavailable,
                $"The session could not be refreshed ({Error(document.RootElement)}): run ztfleet login --oidc again.");
        }

        return Tokens(document.RootElement);
    }

    /// <summary>An https address, or http on a loopback host; otherwise a usage error.</summary>
    public static Uri RequireSecure(string address, string what)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new UsageException($"{what} must be an absolute https:// address, not '{address}'.");
        }

        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            throw new UsageException($"{what} {address} is plain http on another host: tokens would cross the network in the clear. Use https.");
        }

        return uri;
    }

    private static TokenAnswer Tokens(JsonElement root)
    {
        var seconds = Number(root, "expires_in");
        return new TokenAnswer(Text(root, "access_token"), Text(root, "id_token"), Text(root, "refresh_token"), seconds is null ? null : TimeSpan.FromSeconds(seconds.Value));
    }

    private static string Error(JsonElement root) =>
        Text(root, "error") is { } error ? error + (Text(root, "error_description") is { } description ? $" ({description})" : "") : "no error code";

    private static string? Text(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
