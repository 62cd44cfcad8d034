using System.Text.Json.Serialization;
using ZtFleet.Policy.Identifiers;

namespace ZtFleet.Policy.Monitoring.Telemetry;

/// <summary>An authentication attempt: at a jump host, an HMI, a PEP, or ZtFleet's own MFA.</summary>
public sealed record AuthenticationEvent : TelemetryEvent
{
    /// <inheritdoc/>
    /// <remarks>Ignored here too: System.Text.Json does not inherit <c>[JsonIgnore]</c> from the abstract property.</remarks>
    [JsonIgnore]
    public override TelemetryKind Kind => TelemetryKind.Authentication;

    /// <summary>The identity, when the user name resolves to one of the fleet's identities; null otherwise.</summary>
    public IdentityId? Identity { get; init; }

    /// <summary>The user name as the reporter saw it (kept for an identity that does not resolve).</summary>
    public required string User { get; init; }

    /// <summary>How: <c>password</c>, <c>totp</c>, <c>oidc</c>, <c>certificate</c>, <c>smartcard</c>, <c>key</c>, <c>other</c>.</summary>
    public required string Method { get; init; }

    /// <summary>Whether it succeeded.</summary>
    public required bool Success { get; init; }

    /// <summary>Where the attempt came from, when known.</summary>
    public ObservedHost? Source { get; init; }

    /// <summary>The system it authenticated to, when known.</summary>
    public ObservedHost? Target { get; init; }

    /// <summary>Why it failed, as the reporter said.</summary>
    public string? Reason { get; init; }
}
