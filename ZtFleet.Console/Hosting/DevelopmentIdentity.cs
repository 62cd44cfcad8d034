namespace ZtFleet.WebConsole.Hosting;

/// <summary>One identity the development sign-in offers.</summary>
public sealed class DevelopmentIdentity
{
    /// <summary>Who (the token's subject).</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>fleet-admin, plant-admin, approver or auditor.</summary>
    public string Role { get; set; } = "fleet-admin";

    /// <summary>Plants in scope (plant-admin, approver).</summary>
    public List<string> Plants { get; set; } = [];

    /// <summary>Shown beside it.</summary>
    public string? Description { get; set; }
}
