namespace ZtFleet.Policy.Authorization;

/// <summary>How a refused <see cref="AuthorizationDecision"/> reaches the caller.</summary>
public enum AuthorizationRefusal
{
    /// <summary>Not refused.</summary>
    None,

    /// <summary>The plant is outside the caller's scope: answer as if it did not exist (NOT_FOUND).</summary>
    NotFound,

    /// <summary>The caller may know the plant (or the action names no plant); its role does not allow the action (PERMISSION_DENIED).</summary>
    PermissionDenied,
}
