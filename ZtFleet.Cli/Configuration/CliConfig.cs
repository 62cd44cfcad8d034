namespace ZtFleet.Cli.Configuration;

/// <summary>What <c>ztfleet login</c> stores (docs/cli.md, "Configuration"): the server and how to authenticate to it.</summary>
internal sealed class CliConfig
{
    /// <summary>The API's address, e.g. <c>https://ztfleet.example:5080</c>.</summary>
    public string? Server { get; set; }

    /// <summary>A bearer token given with <c>--token</c> or <c>--token-file</c>; null after an OIDC login.</summary>
    public string? Token { get; set; }

    /// <summary>The OIDC session of a device login; null after a token login.</summary>
    public OidcSession? Oidc { get; set; }
}
