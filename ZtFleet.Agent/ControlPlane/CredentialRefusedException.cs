namespace ZtFleet.Agent.ControlPlane;

/// <summary>The API refused the point's own credential (revoked or expired): it must enroll again.</summary>
public sealed class CredentialRefusedException(string message, Exception? inner = null) : Exception(message, inner);
