using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace ZtFleet.Tests.Infrastructure;

/// <summary>
/// An OpenID Connect issuer for tests, served by Kestrel on a loopback port (HTTP/1.1 and h2c): discovery document,
/// key set (one RSA key, rotatable), the authorization code flow with PKCE S256 (consent given at once for
/// <see cref="User"/>), the device authorization grant (RFC 8628; the test approves a user code with
/// <see cref="ApproveUserCode"/>), refresh tokens (rotated on use), userinfo and a logout redirect.
/// </summary>
/// <remarks>
/// <para>Access tokens are JWTs (<c>typ: at+jwt</c>, RS256) for <see cref="Audience"/> with <c>sub</c>, <c>jti</c>,
/// <c>ztfleet_role</c> and <c>ztfleet_plants</c>: what the API accepts once <see cref="ApiConfiguration"/> is applied
/// (ZtFleet:Auth:Oidc, docs/oidc.md). ID tokens (with <c>openid</c> in the scope) name the client as audience and
/// carry the nonce.</para>
/// <para>Clients are public (no secret): any id in <see cref="ClientIds"/>, any absolute redirect URI (the one the
/// code was issued for must come back with it). Times come from the given <see cref="TimeProvider"/>, so a test with
/// a fake clock shared with the API can expire tokens and device codes.</para>
/// </remarks>
public sealed class OidcIssuer : IAsyncLifetime, IAsyncDisposable
{
    public const string DefaultAudience = "ztfleet-api";
    public const string CliClientId = "ztfleet-cli";
    public const string ConsoleClientId = "ztfleet-console";
    public const string DeviceCodeGrant = "urn:ietf:params:oauth:grant-type:device_code";

    private const string UserCodeLetters = "BCDFGHJKLMNPQRSTVWXZ";

    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DeviceGrant> _deviceCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshGrant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly List<SigningKey> _keys = [];
    private readonly Channel<string> _userCodes = Channel.CreateUnbounded<string>();
    private WebApplication? _app;
    private int _discoveryRequests;
    private int _keySetRequests;

    public OidcIssuer(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _keys.Add(SigningKey.Create());
    }

    /// <summary>The issuer's URL (<c>iss</c>), e.g. <c>http://127.0.0.1:41234</c>; set once started.</summary>
    public string Authority { get; private set; } = string.Empty;

    /// <summary>The audience of access tokens (the API's <c>ZtFleet:Auth:Oidc:Audience</c>).</summary>
    public string Audience { get; init; } = DefaultAudience;

    /// <summary>The client ids accepted (public clients).</summary>
    public IReadOnlySet<string> ClientIds { get; init; } = new HashSet<string>(StringComparer.Ordinal) { CliClientId, ConsoleClientId };

    /// <summary>Who signs in through the authorization endpoint (consent given at once); null: the endpoint answers <c>access_denied</c>.</summary>
    public OidcTestUser? User { get; set; } = new("oidc-admin", "fleet-admin");

    /// <summary>How long access and ID tokens live.</summary>
    public TimeSpan AccessTokenLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a device code (and its user code) may be used.</summary>
    public TimeSpan DeviceCodeLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The polling interval (seconds) a device authorization answers; polls faster than half of it get <c>slow_down</c>.</summary>
    public int DeviceInterval { get; init; } = 1;

    /// <summary>The id of the key tokens are signed with now.</summary>
    public string KeyId
    {
        get
        {
            lock (_gate)
            {
                return _keys[^1].Id;
            }
        }
    }

    /// <summary>How many times the discovery document was read.</summary>
    public int DiscoveryRequests => Volatile.Read(ref _discoveryRequests);

    /// <summary>How many times the key set was read.</summary>
    public int KeySetRequests => Volatile.Read(ref _keySetRequests);

    /// <summary>The query of the last authorization request (client id, redirect URI, scope, state, nonce, code challenge).</summary>
    public IReadOnlyDictionary<string, string> LastAuthorizationRequest { get; private set; } = new Dictionary<string, string>();

    /// <summary>The API settings that make it accept this issuer's tokens (fetching keys again at once for an unknown key).</summary>
    public Dictionary<string, string?> ApiConfiguration() => new()
    {
        ["ZtFleet:Auth:Oidc:Authority"] = Authority,
        ["ZtFleet:Auth:Oidc:Audience"] = Audience,
        ["ZtFleet:Auth:Oidc:KeyRefreshMinimumInterval"] = "00:00:00",
    };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", Discovery);
        app.MapGet("/jwks", KeySet);
        app.MapGet("/authorize", Authorize);
        app.MapPost("/token", TokenAsync);
        app.MapPost("/device_authorization", DeviceAuthorizationAsync);
        app.MapGet("/device", DevicePage);
        app.MapGet("/userinfo", UserInfo);
        app.MapGet("/logout", Logout);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Authority = address.TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        lock (_gate)
        {
            foreach (var key in _keys)
            {
                key.Rsa.Dispose();
            }
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>
    /// An access token for <paramref name="user"/> (default <see cref="User"/>) signed with the current key; <paramref name="edit"/>
    /// may change its claims (another <c>aud</c>, an <c>exp</c> in the past…); <paramref name="unknownKey"/> signs with a
    /// fresh key the key set never held (its <c>kid</c> is new too).
    /// </summary>
    public string IssueAccessToken(OidcTestUser? user = null, Action<Dictionary<string, object>>? edit = null, bool unknownKey = false, string clientId = CliClientId, string scope = "openid profile")
    {
        var claims = AccessClaims(user ?? User ?? throw new InvalidOperationException("No user."), clientId, scope);
        edit?.Invoke(claims);
        if (!unknownKey)
        {
            return Sign(claims, "at+jwt");
        }

        using var stranger = SigningKey.Create();
        return stranger.Sign(claims, "at+jwt");
    }

    /// <summary>Publishes a new signing key and signs with it from now on; the old one stays published unless <paramref name="dropOld"/>.</summary>
    public string RotateKey(bool dropOld = false)
    {
        lock (_gate)
        {
            if (dropOld)
            {
                foreach (var old in _keys)
                {
                    old.Dispose();
                }

                _keys.Clear();
            }

            var key = SigningKey.Create();
            _keys.Add(key);
            return key.Id;
        }
    }

    /// <summary>The user code of the next (or a pending) device authorization, when a client asks for one.</summary>
    public async Task<string> NextUserCodeAsync(CancellationToken cancellationToken = default) =>
        await _userCodes.Reader.ReadAsync(cancellationToken);

    /// <summary>The user codes waiting for approval.</summary>
    public IReadOnlyList<string> PendingUserCodes()
    {
        lock (_gate)
        {
            return [.. _deviceCodes.Values.Where(d => d.State == DeviceState.Pending).Select(d => d.UserCode)];
        }
    }

    /// <summary>Approves a device authorization by its user code (any case, with or without the dash) as <paramref name="user"/> (default <see cref="User"/>); false when no pending one has it.</summary>
    public bool ApproveUserCode(string userCode, OidcTestUser? user = null) =>
        Decide(userCode, DeviceState.Approved, user ?? User ?? throw new InvalidOperationException("No user."));

    /// <summary>Denies a device authorization by its user code; the client then gets <c>access_denied</c>.</summary>
    public bool DenyUserCode(string userCode) => Decide(userCode, DeviceState.Denied, null);

    private bool Decide(string userCode, DeviceState state, OidcTestUser? user)
    {
        var wanted = NormalizeUserCode(userCode);
        lock (_gate)
        {
            var grant = _deviceCodes.Values.FirstOrDefault(d => d.State == DeviceState.Pending && NormalizeUserCode(d.UserCode) == wanted && d.Expires > _time.GetUtcNow());
            if (grant is null)
            {
                return false;
            }

            grant.State = state;
            grant.User = user;
            return true;
        }
    }

    private static string NormalizeUserCode(string code) => new([.. code.ToUpperInvariant().Where(char.IsLetterOrDigit)]);

    private IResult Discovery()
    {
        Interlocked.Increment(ref _discoveryRequests);
        return Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = $"{Authority}/authorize",
            ["token_endpoint"] = $"{Authority}/token",
            ["device_authorization_endpoint"] = $"{Authority}/device_authorization",
            ["jwks_uri"] = $"{Authority}/jwks",
            ["userinfo_endpoint"] = $"{Authority}/userinfo",
            ["end_session_endpoint"] = $"{Authority}/logout",
            ["response_types_supported"] = new[] { "code" },
            ["grant_types_supported"] = new[] { "authorization_code", "refresh_token", DeviceCodeGrant },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "profile", "offline_access" },
            ["token_endpoint_auth_methods_supported"] = new[] { "none" },
        });
    }

    private IResult KeySet()
    {
        Interlocked.Increment(ref _keySetRequests);
        lock (_gate)
        {
            return Results.Json(new { keys = _keys.Select(k => k.PublicJwk()).ToArray() });
        }
    }

    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        LastAuthorizationRequest = query;
        var clientId = query.GetValueOrDefault("client_id", string.Empty);
        var redirect = query.GetValueOrDefault("redirect_uri", string.Empty);

        // RFC 6749 4.1.2.1: a bad client or redirect URI is not redirected to.
        if (!ClientIds.Contains(clientId) || !Uri.TryCreate(redirect, UriKind.Absolute, out var redirectUri))
        {
            return Results.BadRequest("unknown client_id or redirect_uri not absolute");
        }

        var state = query.GetValueOrDefault("state");
        IResult Fail(string error, string description) => Results.Redirect(WithQuery(redirectUri, ("error", error), ("error_description", description), ("state", state)));

        if (query.GetValueOrDefault("response_type") != "code")
        {
            return Fail("unsupported_response_type", "response_type must be code");
        }

        if (query.GetValueOrDefault("code_challenge_method") != "S256" || string.IsNullOrEmpty(query.GetValueOrDefault("code_challenge")))
        {
            return Fail("invalid_request", "PKCE with code_challenge_method S256 is required");
        }

        var user = User;
        if (user is null)
        {
            return Fail("access_denied", "the user did not consent");
        }

        var code = RandomText(32);
        lock (_gate)
        {
            _codes[code] = new AuthorizationCode(clientId, redirect, query["code_challenge"], query.GetValueOrDefault("nonce"), query.GetValueOrDefault("scope") ?? "openid", user, _time.GetUtcNow().AddMinutes(5));
        }

        return Results.Redirect(WithQuery(redirectUri, ("code", code), ("state", state)));
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        if (!request.HasFormContentType)
        {
            return TokenError("invalid_request", "the body must be application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync();
        string Field(string name) => form[name].ToString();
        var clientId = Field("client_id");
        if (!ClientIds.Contains(clientId))
        {
            return TokenError("invalid_client", "unknown client_id", StatusCodes.Status401Unauthorized);
        }

        return Field("grant_type") switch
        {
            "authorization_code" => CodeGrant(clientId, Field("code"), Field("redirect_uri"), Field("code_verifier")),
            DeviceCodeGrant => DeviceGrantPoll(clientId, Field("device_code")),
            "refresh_token" => RefreshGrantUse(clientId, Field("refresh_token")),
            _ => TokenError("unsupported_grant_type", "grant_type must be authorization_code, refresh_token or the device code grant"),
        };
    }

    private IResult CodeGrant(string clientId, string code, string redirectUri, string verifier)
    {
        AuthorizationCode? issued;
        lock (_gate)
        {
            // One use only, whatever its outcome.
            _codes.Remove(code, out issued);
        }

        if (issued is null || issued.Expires <= _time.GetUtcNow())
        {
            return TokenError("invalid_grant", "the code is unknown, used or expired");
        }

        if (issued.ClientId != clientId || issued.RedirectUri != redirectUri)
        {
            return TokenError("invalid_grant", "client_id or redirect_uri differ from the authorization request");
        }

        if (verifier.Length is < 43 or > 128 || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))) != issued.Challenge)
        {
            return TokenError("invalid_grant", "the code_verifier does not match the code_challenge");
        }

        return Tokens(issued.User, clientId, issued.Scope, issued.Nonce);
    }

    private IResult DeviceGrantPoll(string clientId, string deviceCode)
    {
        OidcTestUser? user;
        string scope;
        lock (_gate)
        {
            if (!_deviceCodes.TryGetValue(deviceCode, out var grant) || grant.ClientId != clientId)
            {
                return TokenError("invalid_grant", "unknown device_code");
            }

            var now = _time.GetUtcNow();
            if (grant.Expires <= now)
            {
                _deviceCodes.Remove(deviceCode);
                return TokenError("expired_token", "the device code expired");
            }

            switch (grant.State)
            {
                case DeviceState.Denied:
                    _deviceCodes.Remove(deviceCode);
                    return TokenError("access_denied", "the user denied the request");
                case DeviceState.Pending:
                    // RFC 8628 3.5: a client polling faster than told slows down by 5 seconds from then on.
                    var early = grant.LastPoll is { } last && now - last < TimeSpan.FromSeconds(grant.Interval / 2.0);
                    grant.LastPoll = now;
                    if (early)
                    {
                        grant.Interval += 5;
                        return TokenError("slow_down", $"poll at most every {grant.Interval} seconds");
                    }

                    return TokenError("authorization_pending", "the user has not approved yet");
            }

            _deviceCodes.Remove(deviceCode);
            user = grant.User!;
            scope = grant.Scope;
        }

        return Tokens(user, clientId, scope, nonce: null);
    }

    private IResult RefreshGrantUse(string clientId, string refreshToken)
    {
        RefreshGrant? grant;
        lock (_gate)
        {
            _refreshTokens.Remove(refreshToken, out grant);
        }

        if (grant is null || grant.ClientId != clientId)
        {
            return TokenError("invalid_grant", "the refresh token is unknown or used");
        }

        return Tokens(grant.User, clientId, grant.Scope, nonce: null);
    }

    private async Task<IResult> DeviceAuthorizationAsync(HttpRequest request)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync() : null;
        var clientId = form?["client_id"].ToString() ?? string.Empty;
        if (!ClientIds.Contains(clientId))
        {
            return TokenError("invalid_client", "unknown client_id", StatusCodes.Status401Unauthorized);
        }

        var deviceCode = RandomText(32);
        var letters = RandomNumberGenerator.GetItems<char>(UserCodeLetters, 8);
        var userCode = $"{new string(letters, 0, 4)}-{new string(letters, 4, 4)}";
        lock (_gate)
        {
            _deviceCodes[deviceCode] = new DeviceGrant(clientId, userCode, form!["scope"].ToString() is { Length: > 0 } s ? s : "openid", _time.GetUtcNow() + DeviceCodeLifetime) { Interval = DeviceInterval };
        }

        _userCodes.Writer.TryWrite(userCode);
        return Results.Json(new Dictionary<string, object>
        {
            ["device_code"] = deviceCode,
            ["user_code"] = userCode,
            ["verification_uri"] = $"{Authority}/device",
            ["verification_uri_complete"] = $"{Authority}/device?user_code={Uri.EscapeDataString(userCode)}",
            ["expires_in"] = (int)DeviceCodeLifetime.TotalSeconds,
            ["interval"] = DeviceInterval,
        });
    }

    private static IResult DevicePage(HttpRequest request)
    {
        var code = System.Net.WebUtility.HtmlEncode(request.Query["user_code"].ToString());
        return Results.Content(
            $"<!doctype html><title>Device sign-in</title><h1>Device sign-in</h1><p>Code: <code>{code}</code></p><p>In tests the code is approved by OidcIssuer.ApproveUserCode.</p>",
            "text/html");
    }

    private IResult UserInfo(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Unauthorized();
        }

        var parts = header["Bearer ".Length..].Trim().Split('.');
        if (parts.Length != 3)
        {
            return Results.Unauthorized();
        }

        bool verified;
        lock (_gate)
        {
            verified = _keys.Any(k => k.Verify(parts));
        }

        if (!verified)
        {
            return Results.Unauthorized();
        }

        using var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(parts[1]));
        var claims = payload.RootElement.EnumerateObject()
            .Where(p => p.Name is not ("iss" or "aud" or "iat" or "nbf" or "exp" or "jti" or "client_id" or "scope"))
            .ToDictionary(p => p.Name, p => p.Value.Clone());
        return Results.Json(claims);
    }

    private static IResult Logout(HttpRequest request) =>
        Uri.TryCreate(request.Query["post_logout_redirect_uri"].ToString(), UriKind.Absolute, out var back)
            ? Results.Redirect(WithQuery(back, ("state", request.Query["state"].ToString() is { Length: > 0 } s ? s : null)))
            : Results.Content("Signed out.", "text/plain");

    private IResult Tokens(OidcTestUser user, string clientId, string scope, string? nonce)
    {
        var response = new Dictionary<string, object>
        {
            ["access_token"] = Sign(AccessClaims(user, clientId, scope), "at+jwt"),
            ["token_type"] = "Bearer",
            ["expires_in"] = (int)AccessTokenLifetime.TotalSeconds,
            ["scope"] = scope,
        };
        var scopes = scope.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Contains("openid"))
        {
            var id = BaseClaims(user);
            id["aud"] = clientId;
            if (nonce is not null)
            {
                id["nonce"] = nonce;
            }

            response["id_token"] = Sign(id, "JWT");
        }

        var refresh = RandomText(32);
        lock (_gate)
        {
            _refreshTokens[refresh] = new RefreshGrant(clientId, scope, user);
        }

        response["refresh_token"] = refresh;
        return Results.Json(response, statusCode: StatusCodes.Status200OK);
    }

    private Dictionary<string, object> AccessClaims(OidcTestUser user, string clientId, string scope)
    {
        var claims = BaseClaims(user);
        claims["aud"] = Audience;
        claims["client_id"] = clientId;
        claims["scope"] = scope;
        return claims;
    }

    private Dictionary<string, object> BaseClaims(OidcTestUser user)
    {
        var now = _time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Authority,
            ["sub"] = user.Subject,
            ["preferred_username"] = user.Subject,
            ["name"] = user.Subject,
            ["ztfleet_role"] = user.Role,
            ["ztfleet_plants"] = user.Plants,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + AccessTokenLifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        foreach (var (name, value) in user.Claims)
        {
            claims[name] = value;
        }

        return claims;
    }

    private string Sign(Dictionary<string, object> claims, string type)
    {
        lock (_gate)
        {
            return _keys[^1].Sign(claims, type);
        }
    }

    private static IResult TokenError(string error, string description, int status = StatusCodes.Status400BadRequest) =>
        Results.Json(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    private static string RandomText(int bytes) => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(bytes));

    private static string WithQuery(Uri uri, params (string Name, string? Value)[] parameters)
    {
        var added = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        var builder = new UriBuilder(uri);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? added : $"{builder.Query.TrimStart('?')}&{added}";
        return builder.Uri.AbsoluteUri;
    }

    private sealed record AuthorizationCode(string ClientId, string RedirectUri, string Challenge, string? Nonce, string Scope, OidcTestUser User, DateTimeOffset Expires);

    private sealed record RefreshGrant(string ClientId, string Scope, OidcTestUser User);

    private enum DeviceState
    {
        Pending,
        Approved,
        Denied,
    }

    private sealed class DeviceGrant(string clientId, string userCode, string scope, DateTimeOffset expires)
    {
        public string ClientId { get; } = clientId;

        public string UserCode { get; } = userCode;

        public string Scope { get; } = scope;

        public DateTimeOffset Expires { get; } = expires;

        public DeviceState State { get; set; } = DeviceState.Pending;

        public OidcTestUser? User { get; set; }

        public int Interval { get; set; }

        public DateTimeOffset? LastPoll { get; set; }
    }

    /// <summary>An RSA key pair with its id: signs tokens by hand (header, claims, RS256 signature).</summary>
    private sealed class SigningKey(RSA rsa, string id) : IDisposable
    {
        public RSA Rsa { get; } = rsa;

        public string Id { get; } = id;

        public static SigningKey Create() => new(RSA.Create(2048), $"test-{RandomText(6)}");

        public string Sign(Dictionary<string, object> claims, string type)
        {
            var header = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = type, ["kid"] = Id }));
            var unsigned = $"{header}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims))}";
            return $"{unsigned}.{Base64UrlEncoder.Encode(Rsa.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))}";
        }

        public bool Verify(string[] parts)
        {
            try
            {
                return Rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlEncoder.DecodeBytes(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        public Dictionary<string, string> PublicJwk()
        {
            var parameters = Rsa.ExportParameters(includePrivateParameters: false);
            return new Dictionary<string, string>
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = Id,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            };
        }

        public void Dispose() => Rsa.Dispose();
    }
}
