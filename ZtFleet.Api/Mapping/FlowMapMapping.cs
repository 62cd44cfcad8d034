using Google.Protobuf.WellKnownTypes;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.FlowMap;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Mapping;

/// <summary>Declared versus observed and flow proposals, pure core to proto.</summary>
public static class FlowMapMapping
{
    public static Proto.ObservedFlowEntry ToProto(this ObservedFlowCoverage judged)
    {
        ArgumentNullException.ThrowIfNull(judged);
        var flow = judged.Flow;
        var message = new Proto.ObservedFlowEntry
        {
            Key = flow.Key,
            Source = new Proto.ObservedEnd { Address = flow.Source.Ip, AssetId = judged.Source?.Value ?? string.Empty, ZoneId = judged.SourceZone?.Value ?? string.Empty },
            Destination = new Proto.ObservedEnd { Address = flow.Destination.Ip, AssetId = judged.Destination?.Value ?? string.Empty, ZoneId = judged.DestinationZone?.Value ?? string.Empty },
            Transport = flow.Transport,
            Protocol = judged.Protocol != Protocol.Unspecified ? InventoryVocabulary.Name(judged.Protocol) : string.Empty,
            Port = flow.Destination.Port ?? 0,
            Events = flow.Events,
            Dropped = flow.Dropped,
            FirstSeen = Timestamp.FromDateTimeOffset(flow.FirstSeen),
            LastSeen = Timestamp.FromDateTimeOffset(flow.LastSeen),
            Coverage = judged.Status.ToProto(),
            Reason = judged.Reason ?? string.Empty,
        };
        message.Operations.AddRange(judged.Operations.Select(o => new Proto.ObservedOperation
        {
            Operation = o.Operation ?? string.Empty,
            Count = o.Count,
            Covered = o.Covered,
            Conditional = o.Conditional,
            Reason = o.Reason,
            RuleId = o.RuleId ?? string.Empty,
        }));
        message.UncoveredOperations.AddRange(judged.UncoveredOperations);
        message.CoveringRuleIds.AddRange(judged.CoveringRules);
        message.DeclaredFlowIds.AddRange(judged.DeclaredFlows.Select(f => f.Value));
        return message;
    }

    public static Proto.FlowCoverage ToProto(this CoverageStatus status) => status switch
    {
        CoverageStatus.Covered => Proto.FlowCoverage.Covered,
        CoverageStatus.PartlyCovered => Proto.FlowCoverage.PartlyCovered,
        CoverageStatus.NotCovered => Proto.FlowCoverage.NotCovered,
        _ => Proto.FlowCoverage.Unspecified,
    };

    public static Proto.FlowProposal ToProto(this ProposedChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var message = new Proto.FlowProposal
        {
            FlowKey = change.Key,
            Kind = change.Kind switch
            {
                ProposalKind.AlreadyCovered => Proto.FlowProposalKind.AlreadyCovered,
                ProposalKind.AddFlow => Proto.FlowProposalKind.AddFlow,
                ProposalKind.ExtendFlow => Proto.FlowProposalKind.ExtendFlow,
                ProposalKind.AddConduit => Proto.FlowProposalKind.AddConduit,
                ProposalKind.ExtendConduit => Proto.FlowProposalKind.ExtendConduit,
                _ => Proto.FlowProposalKind.Unspecified,
            },
            RuleId = change.RuleId ?? string.Empty,
            Before = change.Before.Status.ToProto(),
            After = change.After.Status.ToProto(),
        };
        message.Operations.AddRange(change.Operations);
        return message;
    }
}
