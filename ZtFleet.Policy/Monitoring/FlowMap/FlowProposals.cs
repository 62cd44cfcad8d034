using System.Globalization;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;

namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>
/// Turns chosen observed flows into the plant definition that would declare them, with least privilege: inside one
/// zone a declared flow between the two assets, between zones a conduit narrowed to the two assets
/// (<c>fromAssets</c>/<c>toAssets</c>), in both cases exactly the observed port and only the observed operations that
/// nothing allows yet. Pure: it changes nothing; the caller applies the result through <c>ApplyFleet</c>.
/// </summary>
/// <remarks>
/// A flow already proposed earlier (a flow or narrowed conduit with the same ends, protocol and port and no conditions)
/// is extended rather than duplicated. Operations a conduit allows only under conditions count as declared and are not
/// proposed again without them. Refused, each with a reason: an end that is not in the inventory (inventory it first),
/// a flow without a port or whose protocol the telemetry did not name, an OT flow seen without operations (least
/// privilege needs them), an operation outside the protocol's vocabulary. The document validator still has the last
/// word (for example, enterprise IT never reaches OT control directly).
/// </remarks>
public static class FlowProposals
{
    /// <summary>The definition of <paramref name="plant"/> that declares <paramref name="chosen"/>, judged at <paramref name="now"/>.</summary>
    public static FlowProposal Propose(PlantSpec plant, IReadOnlyList<ObservedFlow> chosen, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(chosen);
        var refusals = new List<ProposalRefusal>();
        for (var i = 0; i < chosen.Count; i++)
        {
            if (Refusal(plant, FlowCoverage.Judge(plant, chosen[i], now)) is { } reason)
            {
                refusals.Add(new ProposalRefusal(i, chosen[i].Key, reason));
            }
        }

        if (refusals.Count > 0)
        {
            return new FlowProposal(plant, [], refusals);
        }

        var current = plant;
        var planned = new List<(string Key, ProposalKind Kind, string? Rule, IReadOnlyList<string> Operations, ObservedFlowCoverage Before)>();
        foreach (var flow in chosen)
        {
            // Judged against the definition as proposed so far: two chosen flows may share a rule.
            var before = FlowCoverage.Judge(current, flow, now);
            if (before.Status == CoverageStatus.Covered)
            {
                planned.Add((flow.Key, ProposalKind.AlreadyCovered, null, [], FlowCoverage.Judge(plant, flow, now)));
                continue;
            }

            var operations = ProtocolOperations.RequiresOperations(before.Protocol) ? before.UncoveredOperations : [];
            var (next, kind, rule) = before.SourceZone == before.DestinationZone
                ? DeclareFlow(current, before, operations)
                : OpenConduit(current, before, operations);
            current = next;
            planned.Add((flow.Key, kind, rule, operations, FlowCoverage.Judge(plant, flow, now)));
        }

        var changes = planned
            .Select((p, i) => new ProposedChange(p.Key, p.Kind, p.Rule, p.Operations, p.Before, FlowCoverage.Judge(current, chosen[i], now)))
            .ToList();
        return new FlowProposal(current, changes, []);
    }

    private static string? Refusal(PlantSpec plant, ObservedFlowCoverage judged)
    {
        var flow = judged.Flow;
        if (judged.Source is null)
        {
            return $"the source {flow.Source.Ip} is not in the inventory of plant '{plant.Id}': inventory it first (an asset with ip {flow.Source.Ip}), then propose again";
        }

        if (judged.Destination is null)
        {
            return $"the destination {flow.Destination.Ip} is not in the inventory of plant '{plant.Id}': inventory it first (an asset with ip {flow.Destination.Ip}), then propose again";
        }

        if (judged.Status == CoverageStatus.Covered)
        {
            return null;
        }

        if (flow.Destination.Port is null)
        {
            return "the flow has no destination port (ICMP or not reported): conduits and declared flows open a port";
        }

        if (judged.Protocol == Protocol.Unspecified)
        {
            return $"the telemetry did not name the flow's protocol ('{flow.Protocol ?? "none"}' is not one the fleet document knows): a rule needs one";
        }

        if (ProtocolOperations.RequiresOperations(judged.Protocol) && flow.Operations.Count == 0)
        {
            return $"only connections were observed, no {InventoryVocabulary.Name(judged.Protocol)} operations: least privilege needs the operations (report the protocol's transactions, such as Modbus function codes)";
        }

        if (ProtocolOperations.RequiresOperations(judged.Protocol)
            && judged.UncoveredOperations.FirstOrDefault(o => !ProtocolOperations.IsAllowed(judged.Protocol, o)) is { } unknown)
        {
            return $"'{unknown}' is not an operation of {InventoryVocabulary.Name(judged.Protocol)} ({ProtocolOperations.Describe(judged.Protocol)})";
        }

        return null;
    }

    private static (PlantSpec Plant, ProposalKind Kind, string Rule) DeclareFlow(PlantSpec plant, ObservedFlowCoverage judged, IReadOnlyList<string> operations)
    {
        var from = judged.Source!.Value;
        var to = judged.Destination!.Value;
        var port = judged.Flow.Destination.Port!.Value;
        var existing = plant.Flows.FirstOrDefault(f =>
            f.From == from && f.To == to && f.Protocol == judged.Protocol && f.Port == port && (f.Operations ?? []).Count > 0);
        if (existing is not null)
        {
            var extended = existing with { Operations = Union(existing.Operations!, operations) };
            return (plant with { Flows = [.. plant.Flows.Select(f => ReferenceEquals(f, existing) ? extended : f)] }, ProposalKind.ExtendFlow, $"flow:{existing.Id}");
        }

        var id = FlowId.Parse(FreeId($"{from}-to-{to}-{InventoryVocabulary.Name(judged.Protocol)}", plant.Flows.Select(f => f.Id.Value)));
        var added = new FlowSpec(id, from, to, judged.Protocol, port, Purpose(judged.Flow), operations.Count == 0 ? null : operations);
        return (plant with { Flows = [.. plant.Flows, added] }, ProposalKind.AddFlow, $"flow:{id}");
    }

    private static (PlantSpec Plant, ProposalKind Kind, string Rule) OpenConduit(PlantSpec plant, ObservedFlowCoverage judged, IReadOnlyList<string> operations)
    {
        var from = judged.Source!.Value;
        var to = judged.Destination!.Value;
        var port = judged.Flow.Destination.Port!.Value;
        var existing = plant.Conduits.FirstOrDefault(c =>
            c.From == judged.SourceZone && c.To == judged.DestinationZone && c.Protocol == judged.Protocol && c.Port == port
            && c.Direction == ConduitDirection.FromTo && c.FromAssetTypes.Count == 0 && c.ToAssetTypes.Count == 0
            && c.FromAssets.SequenceEqual([from]) && c.ToAssets.SequenceEqual([to])
            && (c.Conditions is null || c.Conditions.IsNone) && c.Operations.Count > 0);
        if (existing is not null)
        {
            var extended = existing with { Operations = Union(existing.Operations, operations) };
            return (plant with { Conduits = [.. plant.Conduits.Select(c => ReferenceEquals(c, existing) ? extended : c)] }, ProposalKind.ExtendConduit, $"conduit:{existing.Id}");
        }

        var id = ConduitId.Parse(FreeId($"{from}-to-{to}-{InventoryVocabulary.Name(judged.Protocol)}", plant.Conduits.Select(c => c.Id.Value)));
        var added = new ConduitSpec(
            id, judged.SourceZone!.Value, judged.DestinationZone!.Value, judged.Protocol, port, operations, ConduitDirection.FromTo,
            [], [from], [], [to], Purpose(judged.Flow));
        return (plant with { Conduits = [.. plant.Conduits, added] }, ProposalKind.AddConduit, $"conduit:{id}");
    }

    private static IReadOnlyList<string> Union(IReadOnlyList<string> listed, IReadOnlyList<string> added) =>
        [.. listed, .. added.Where(o => !listed.Contains(o, StringComparer.Ordinal))];

    /// <summary>What a reviewer wants to know about where the rule came from.</summary>
    private static string Purpose(ObservedFlow flow) =>
        string.Create(CultureInfo.InvariantCulture,
            $"observed {flow.Events} time(s) from {flow.FirstSeen.UtcDateTime:yyyy-MM-dd HH:mm} to {flow.LastSeen.UtcDateTime:yyyy-MM-dd HH:mm} UTC (proposed from telemetry)");

    /// <summary><paramref name="wanted"/> shortened to an id, with <c>-2</c>, <c>-3</c> … until no rule has it.</summary>
    private static string FreeId(string wanted, IEnumerable<string> taken)
    {
        var used = taken.ToHashSet(StringComparer.Ordinal);
        var stem = wanted.Length > EntityId.MaxLength - 4 ? wanted[..(EntityId.MaxLength - 4)].TrimEnd('-', '_', '.') : wanted;
        var id = stem;
        for (var n = 2; used.Contains(id); n++)
        {
            id = $"{stem}-{n.ToString(CultureInfo.InvariantCulture)}";
        }

        return id;
    }
}
