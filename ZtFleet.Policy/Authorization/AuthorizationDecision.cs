namespace ZtFleet.Policy.Authorization;

/// <summary>What <see cref="Authorizer"/> decided: allowed, or refused with how to answer and why.</summary>
/// <param name="Refusal"><see cref="AuthorizationRefusal.None"/> when allowed.</param>
/// <param name="Reason">For a refusal, a sentence for the caller (never naming anything outside its scope); empty when allowed.</param>
public sealed record AuthorizationDecision(AuthorizationRefusal Refusal, string Reason)
{
    /// <summary>The one allowing decision.</summary>
    public static readonly AuthorizationDecision Allow = new(AuthorizationRefusal.None, string.Empty);

    public bool IsAllowed => Refusal == AuthorizationRefusal.None;

    /// <summary>False when the caller may not even learn that the plant exists.</summary>
    public bool IsVisible => Refusal != AuthorizationRefusal.NotFound;

    public static AuthorizationDecision NotFound(string reason) => new(AuthorizationRefusal.NotFound, reason);

    public static AuthorizationDecision Denied(string reason) => new(AuthorizationRefusal.PermissionDenied, reason);
}
