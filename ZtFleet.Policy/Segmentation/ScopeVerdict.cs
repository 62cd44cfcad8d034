namespace ZtFleet.Policy.Segmentation;

/// <summary>Whether a target lies in an enforcement point's zones, and if not, why (for the refusal's message).</summary>
/// <param name="InScope">True: the point may ask about the target.</param>
/// <param name="Reason">Why not, naming the zone where the point knows it; null when in scope.</param>
public readonly record struct ScopeVerdict(bool InScope, string? Reason)
{
    /// <summary>The target is in the point's zones (or the point guards the whole plant).</summary>
    public static ScopeVerdict Allowed { get; } = new(true, null);

    /// <summary>The target is outside the point's zones.</summary>
    public static ScopeVerdict Outside(string reason) => new(false, reason);
}
