using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ZtFleet.Api.Security;
using ZtFleet.Grains.Hosting;
using ZtFleet.WebConsole.Api;
using ZtFleet.WebConsole.Components;

namespace ZtFleet.WebConsole.Hosting;

/// <summary>Builds the web console (its <c>Program</c> and the tests host it the same way).</summary>
public static class ConsoleHosting
{
    /// <summary>The sign-in cookie's name.</summary>
    public const string CookieName = "ztfleet-console";

    /// <summary>Registers the console: Blazor with interactive server rendering, sign-in, the API client.</summary>
    /// <exception cref="InvalidOperationException">The development sign-in is on outside Development, or its key would be refused.</exception>
    public static WebApplicationBuilder AddZtFleetConsole(this WebApplicationBuilder builder)
    {
        builder.AddServiceDefaults();
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section));
        var options = builder.Configuration.GetSection(ConsoleOptions.Section).Get<ConsoleOptions>() ?? new ConsoleOptions();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ztfleet-console-antiforgery";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddSingleton<ApiChannel>();
        services.AddScoped<ApiSession>();
        services.AddSingleton(ControlPlaneClock.Machine);

        if (options.DevelopmentSignIn.Enabled)
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"{ConsoleOptions.Section}:DevelopmentSignIn:Enabled is refused in the {builder.Environment.EnvironmentName} environment: "
                    + $"anyone could sign in as anyone. Configure {ConsoleOptions.Section}:Oidc instead (docs/console.md).");
            }

            services.AddSingleton<DevelopmentTokens>();
        }

        var authentication = services.AddAuthentication(o =>
        {
            o.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.DefaultChallengeScheme = options.Oidc.IsConfigured ? SignInEndpoints.OidcScheme : CookieAuthenticationDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = "/signin";
            o.LogoutPath = "/signout";
            o.AccessDeniedPath = "/signin";
            o.SlidingExpiration = false;
            o.ExpireTimeSpan = TimeSpan.FromHours(1);
        });
        if (options.Oidc.IsConfigured)
        {
            authentication.AddOpenIdConnect(SignInEndpoints.OidcScheme, o =>
            {
                var oidc = options.Oidc;
                o.Authority = oidc.Authority;
                o.ClientId = oidc.ClientId;
                o.ClientSecret = string.IsNullOrEmpty(oidc.ClientSecret) ? null : oidc.ClientSecret;
                o.ResponseType = OpenIdConnectResponseType.Code;
                o.UsePkce = true;
                // The code comes back on a top-level GET redirect, so the state and nonce cookies can be SameSite=Lax
                // (form_post would need SameSite=None) and HTTP-only; Secure whenever the console is served over https.
                o.ResponseMode = OpenIdConnectResponseMode.Query;
                o.CorrelationCookie.SameSite = SameSiteMode.Lax;
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.CorrelationCookie.HttpOnly = true;
                o.NonceCookie.SameSite = SameSiteMode.Lax;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.HttpOnly = true;
                o.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.SaveTokens = false;
                o.GetClaimsFromUserInfoEndpoint = false;
                o.CallbackPath = "/signin/oidc/callback";
                o.SignedOutCallbackPath = "/signout/oidc/callback";
                o.Scope.Clear();
                foreach (var scope in oidc.Scopes.Append("openid").Distinct(StringComparer.Ordinal))
                {
                    o.Scope.Add(scope);
                }

                o.TokenValidationParameters.NameClaimType = ConsoleClaims.Name;
                o.Events.OnTokenValidated = context => KeepApiToken(context, oidc);
            });
        }

        services.AddAuthorization();
        return builder;
    }

    /// <summary>Maps the console's pages, its sign-in posts and the health endpoints.</summary>
    public static WebApplication MapZtFleetConsole(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            await next();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        SignInEndpoints.Map(app);
        ComplianceReportEndpoint.Map(app);
        app.MapDefaultEndpoints();
        return app;
    }

    /// <summary>
    /// After the code exchange: keeps the token the API will be shown (the access token, or the ID token) in the
    /// sign-in cookie, sets who is shown, and ends the sign-in when that token expires.
    /// </summary>
    private static Task KeepApiToken(TokenValidatedContext context, OidcSignInOptions oidc)
    {
        var token = string.Equals(oidc.ApiToken, "id_token", StringComparison.OrdinalIgnoreCase)
            ? context.TokenEndpointResponse?.IdToken
            : context.TokenEndpointResponse?.AccessToken;
        if (string.IsNullOrEmpty(token) || context.Principal?.Identity is not ClaimsIdentity identity)
        {
            context.Fail($"The provider's answer has no {oidc.ApiToken} to present to the API.");
            return Task.CompletedTask;
        }

        var shown = identity.FindFirst("name")?.Value ?? identity.FindFirst("preferred_username")?.Value ?? identity.FindFirst("sub")?.Value ?? "unknown";
        if (identity.FindFirst(ConsoleClaims.Name) is null)
        {
            identity.AddClaim(new Claim(ConsoleClaims.Name, shown));
        }

        identity.AddClaim(new Claim(ConsoleClaims.ApiToken, token));
        identity.AddClaim(new Claim(ConsoleClaims.Method, "oidc"));
        if (SignInEndpoints.ExpiryOf(token) is { } expires)
        {
            context.Properties!.ExpiresUtc = expires;
        }

        return Task.CompletedTask;
    }
}
