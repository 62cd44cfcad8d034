namespace ZtFleet.Agent.State;

/// <summary>The enforcement point's own credential, as returned by <c>Enroll</c> and kept in the state directory.</summary>
public sealed record StoredCredential(
    string EnforcementPointId,
    string PlantId,
    IReadOnlyList<string> ZoneIds,
    string Credential,
    DateTimeOffset? ExpiresAt);
