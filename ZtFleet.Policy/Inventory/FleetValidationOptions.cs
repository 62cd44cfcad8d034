namespace ZtFleet.Policy.Inventory;

/// <summary>
/// Rules of <see cref="FleetDocumentValidator"/> that depend on where the control plane runs. The pure core never
/// reads the environment: the API decides (from its hosting environment) and passes these in.
/// </summary>
public sealed record FleetValidationOptions
{
    /// <summary>Production rules: every webhook URL must be HTTPS.</summary>
    public static FleetValidationOptions Default { get; } = new();

    /// <summary>
    /// Playbook webhook steps may call plain <c>http://</c> URLs (a local receiver while developing). Only the API in
    /// the Development environment sets it; everywhere else a webhook that is not HTTPS is refused.
    /// </summary>
    public bool AllowHttpWebhooks { get; init; }
}
