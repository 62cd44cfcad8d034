namespace ZtFleet.Agent.ControlPlane;

/// <summary>The API refused the enrollment token (unknown, expired, already used, or not an enrollment token).</summary>
public sealed class EnrollmentRefusedException(string message, Exception? inner = null) : Exception(message, inner);
