namespace ZtFleet.WebConsole.Hosting;

/// <summary>
/// Claims of the console's sign-in cookie (encrypted and HTTP-only: the browser never reads them). The token for the
/// API lives here, never in a URL or a page.
/// </summary>
public static class ConsoleClaims
{
    /// <summary>The bearer token the console presents to the API on the signed-in user's behalf.</summary>
    public const string ApiToken = "ztfleet:api-token";

    /// <summary>Who is signed in, as shown.</summary>
    public const string Name = "name";

    /// <summary>The role the sign-in carries (development sign-in), for the header.</summary>
    public const string Role = "ztfleet:role";

    /// <summary>How the user signed in: <c>oidc</c> or <c>development</c>.</summary>
    public const string Method = "ztfleet:sign-in";
}
