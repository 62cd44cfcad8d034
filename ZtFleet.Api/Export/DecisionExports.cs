using System.Text.Json;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Api.Export;

/// <summary>
/// The export records of decisions made at the API: an access decision (<c>DecisionService/Check</c>,
/// <c>BatchCheck</c>) and a flow decision (<c>CheckFlow</c>). A denial carries <see cref="Severity.Low"/>, an allow
/// none (informational): destinations filter denials by it (<see cref="ExportFilter.OnlyDenials"/>).
/// </summary>
internal static class DecisionExports
{
    public static ExportRecord Access(PlantId plant, string caller, in AccessRequest access, in Decision decision, DateTimeOffset at) => new(
        ExportKind.Decision,
        plant.Value,
        at,
        decision.IsAllowed ? Severity.Unspecified : Severity.Low,
        JsonSerializer.Serialize(
            new
            {
                plant = plant.Value,
                caller,
                identity = access.Subject.Value,
                asset = access.Asset?.Value,
                zone = access.Zone?.Value,
                operation = access.Operation.ToString(),
                emergency = access.Emergency,
                effect = decision.Effect.ToString(),
                reason = decision.Reason,
                rule = decision.RuleId,
                epoch = decision.Epoch,
            },
            PlantDeltaJson.Options));

    public static ExportRecord Flow(PlantId plant, string caller, in FlowRequest flow, in FlowDecision decision, long epoch, DateTimeOffset at) => new(
        ExportKind.Flow,
        plant.Value,
        at,
        decision.IsAllowed ? Severity.Unspecified : Severity.Low,
        JsonSerializer.Serialize(
            new
            {
                plant = plant.Value,
                caller,
                source = flow.Source.ToString(),
                sourceAsset = decision.SourceAsset?.Value,
                sourceZone = decision.SourceZone?.Value,
                destination = flow.Destination.ToString(),
                destinationAsset = decision.DestinationAsset?.Value,
                destinationZone = decision.DestinationZone?.Value,
                protocol = flow.Protocol.ToString(),
                port = flow.Port,
                operation = flow.Operation,
                identity = flow.Identity?.Value,
                effect = decision.Effect.ToString(),
                reason = decision.Reason,
                rule = decision.RuleId,
                epoch,
            },
            PlantDeltaJson.Options));
}
