using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace ZtFleet.WebConsole.Hosting;

/// <summary>
/// The sign-in and sign-out form posts (anti-forgery checked: form binding in minimal APIs requires the token the
/// sign-in page renders). Sign-in sets the HTTP-only cookie; nothing goes into a URL but a local return path.
/// </summary>
public static class SignInEndpoints
{
    /// <summary>The scheme name of the OpenID Connect handler.</summary>
    public const string OidcScheme = "oidc";

    /// <summary>Maps <c>POST /signin/oidc</c>, <c>POST /signin/development</c> and <c>POST /signout</c>.</summary>
    public static void Map(WebApplication app)
    {
        app.MapPost("/signin/oidc", ([FromForm] string? returnUrl, IOptions<ConsoleOptions> options) =>
            options.Value.Oidc.IsConfigured
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(returnUrl) }, [OidcScheme])
                : Results.NotFound());

        app.MapPost("/signin/development", async (HttpContext context, [FromForm] string subject, [FromForm] string role, [FromForm] string? plants, [FromForm] string? returnUrl) =>
        {
            // Registered only in Development (see ConsoleHosting): elsewhere there is no such sign-in.
            var tokens = context.RequestServices.GetService<DevelopmentTokens>();
            if (tokens is null)
            {
                return Results.NotFound();
            }

            var plantList = (plants ?? string.Empty).Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var (token, problem) = tokens.Mint(subject, role, plantList);
            if (token is null)
            {
                return Results.Redirect($"/signin?problem={Uri.EscapeDataString(problem ?? "refused")}");
            }

            var identity = new ClaimsIdentity(
                [
                    new Claim(ConsoleClaims.Name, subject.Trim()),
                    new Claim(ConsoleClaims.Role, plantList.Length == 0 ? role : $"{role} ({string.Join(", ", plantList)})"),
                    new Claim(ConsoleClaims.Method, "development"),
                    new Claim(ConsoleClaims.ApiToken, token),
                ],
                CookieAuthenticationDefaults.AuthenticationScheme, ConsoleClaims.Name, ConsoleClaims.Role);
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties
            {
                // The sign-in ends with its token.
                ExpiresUtc = tokens.Time.GetUtcNow() + tokens.Lifetime,
                IsPersistent = false,
            });
            return Results.LocalRedirect(LocalPath(returnUrl));
        });

        app.MapPost("/signout", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        });
    }

    /// <summary>The return path if it is a path of this site, else <c>/</c>: sign-in never redirects elsewhere.</summary>
    public static string LocalPath(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";

    /// <summary>When a token expires (its <c>exp</c>), or null when it cannot be read.</summary>
    public static DateTimeOffset? ExpiryOf(string token)
    {
        try
        {
            return new JsonWebToken(token).ValidTo is var to && to > DateTime.MinValue ? new DateTimeOffset(to, TimeSpan.Zero) : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
