namespace ZtFleet.WebConsole.Hosting;

/// <summary>
/// The development sign-in (<c>ZtFleet:Console:DevelopmentSignIn</c>): pick an identity and the console mints a short
/// token with <c>ZtFleet:Auth:SigningKey</c>, as the API's <c>token</c> command does. Refused outside Development.
/// </summary>
public sealed class DevelopmentSignInOptions
{
    /// <summary>Offer it (the console refuses to start with it on outside the Development environment).</summary>
    public bool Enabled { get; set; }

    /// <summary>The identities offered; the page also takes any subject, role and plants.</summary>
    public List<DevelopmentIdentity> Identities { get; set; } = [];

    /// <summary>Lifetime of a minted token (at most the API's <c>ZtFleet:Auth:MaxAdminTokenLifetime</c>); the sign-in ends with it.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
