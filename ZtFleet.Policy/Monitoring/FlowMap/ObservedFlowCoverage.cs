using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>
/// An observed flow judged against the plant's conduits and declared flows: its ends as the current inventory knows
/// them, whether what was observed is allowed, and the declared flows that describe it.
/// </summary>
/// <param name="Flow">The observed flow.</param>
/// <param name="Source">The source asset in the current inventory (by id, else by address), or null: uninventoried.</param>
/// <param name="SourceZone">The source asset's zone, or null.</param>
/// <param name="Destination">The destination asset in the current inventory, or null: uninventoried.</param>
/// <param name="DestinationZone">The destination asset's zone, or null.</param>
/// <param name="Protocol">
/// The protocol as the document spells it; <see cref="Protocol.Unspecified"/> when the telemetry named none (or one the
/// document does not know) and no declared rule on the port could be matched.
/// </param>
/// <param name="Status">Covered, partly covered or not covered.</param>
/// <param name="Operations">Each observed operation decided; one entry with a null operation for a flow without operations.</param>
/// <param name="DeclaredFlows">The declared flows with the same ends, protocol and port (observed and declared).</param>
public sealed record ObservedFlowCoverage(
    ObservedFlow Flow,
    AssetId? Source,
    ZoneId? SourceZone,
    AssetId? Destination,
    ZoneId? DestinationZone,
    Protocol Protocol,
    CoverageStatus Status,
    IReadOnlyList<OperationCoverage> Operations,
    IReadOnlyList<FlowId> DeclaredFlows)
{
    /// <summary>The observed operations no conduit or declared flow covers (empty for a flow without operations).</summary>
    public IReadOnlyList<string> UncoveredOperations =>
        [.. Operations.Where(o => !o.Covered && o.Operation is not null).Select(o => o.Operation!)];

    /// <summary>The rules (<c>conduit:…</c>, <c>flow:…</c>) that allow what was observed, each once.</summary>
    public IReadOnlyList<string> CoveringRules =>
        [.. Operations.Where(o => o.Covered && o.RuleId is not null).Select(o => o.RuleId!).Distinct(StringComparer.Ordinal)];

    /// <summary>Why the first uncovered operation is denied (a <c>FlowReasons</c> code), or null when all are covered.</summary>
    public string? Reason => Operations.FirstOrDefault(o => !o.Covered)?.Reason;

    /// <summary>True when either end is not in the inventory.</summary>
    public bool Uninventoried => Source is null || Destination is null;
}
