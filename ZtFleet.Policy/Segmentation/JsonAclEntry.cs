namespace ZtFleet.Policy.Segmentation;

/// <summary>One allowed direction of a conduit in a JSON ACL; the keys are documented in docs/segmentation.md.</summary>
/// <param name="Restriction">Null for the conduit's own entry; <c>restrict-writes</c> or <c>quarantine-path</c> for the read-only entries quarantines leave.</param>
/// <param name="Conditions">The conduit's conditions, which the enforcement point must check per flow; null: none.</param>
public sealed record JsonAclEntry(
    string Conduit,
    string Direction,
    string SourceZone,
    string DestinationZone,
    IReadOnlyList<string> Sources,
    IReadOnlyList<string> Destinations,
    string Protocol,
    string Transport,
    int Port,
    IReadOnlyList<string> Operations,
    bool AllOperations,
    IReadOnlyList<int> FunctionCodes,
    string? Restriction,
    JsonAclConditions? Conditions);

/// <summary>A conduit's conditions in a JSON ACL entry.</summary>
public sealed record JsonAclConditions(bool MaintenanceWindow, IReadOnlyList<string> Roles, bool ActiveGrant);
