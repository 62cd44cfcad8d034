using System.ComponentModel.DataAnnotations;

namespace ZtFleet.WebConsole.Hosting;

/// <summary>The web console's settings, bound from <c>ZtFleet:Console</c> (docs/console.md).</summary>
public sealed class ConsoleOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "ZtFleet:Console";

    /// <summary>The API's gRPC address (h2c on loopback in a local run, https elsewhere): the console's only door to the cluster.</summary>
    [Required]
    public string ApiAddress { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Sign-in with an OpenID Connect provider (authorization code flow with PKCE); off until configured.</summary>
    public OidcSignInOptions Oidc { get; set; } = new();

    /// <summary>Sign-in by picking an identity, for local runs: only in the Development environment.</summary>
    public DevelopmentSignInOptions DevelopmentSignIn { get; set; } = new();

    /// <summary>How often the enforcement points view asks for the acknowledgements of a change it follows.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan PropagationRefresh { get; set; } = TimeSpan.FromMilliseconds(500);
}
