using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Policy.Monitoring.FlowMap;

/// <summary>
/// Declared versus observed: decides every observed flow with the same engine as <c>CheckFlow</c>
/// (<see cref="FlowEngine"/> on <see cref="FlowModel.Create(PlantSpec)"/>) — would its source, destination, protocol,
/// port and each observed operation be allowed by a conduit or a declared flow? — and finds the declared flows that
/// nothing observed matches. Pure: the time is a parameter (maintenance windows).
/// </summary>
/// <remarks>
/// Coverage is a question about the document, not about the moment: the model has no quarantines and no identities,
/// and a conduit that allows the flow only under its conditions (a maintenance window, a role, a grant) covers it
/// <see cref="OperationCoverage.Conditional">conditionally</see>. Ends are resolved against the current inventory (by
/// asset id, else by address), so a host inventoried after it was observed counts as the asset it now is. A flow whose
/// protocol the telemetry did not name is judged as any protocol a declared rule or the default ports give its port.
/// </remarks>
public static class FlowCoverage
{
    /// <summary>The reason of a flow without a destination port (ICMP): no conduit opens one.</summary>
    public const string NoPort = "no-port";

    /// <summary>The reason of a flow whose protocol is unknown and no declared rule or default port names one.</summary>
    public const string UnknownProtocol = "unknown-protocol";

    private static readonly HashSet<string> ConditionReasons = new(StringComparer.Ordinal)
    {
        FlowReasons.OutsideMaintenanceWindow,
        FlowReasons.IdentityRequired,
        FlowReasons.RoleRequired,
        FlowReasons.GrantRequired,
    };

    /// <summary>Every observed flow of <paramref name="plant"/> judged, and the declared flows and conduits nothing observed used.</summary>
    public static DeclaredVersusObserved Compare(PlantSpec plant, IEnumerable<ObservedFlow> observed, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(observed);
        var model = FlowModel.Create(plant);
        var inventory = new Inventory(plant);
        var judged = observed.Select(f => Judge(model, inventory, f, now))
            .OrderBy(c => c.Status switch { CoverageStatus.NotCovered => 0, CoverageStatus.PartlyCovered => 1, _ => 2 })
            .ThenByDescending(c => c.Flow.Events)
            .ThenBy(c => c.Flow.Key, StringComparer.Ordinal)
            .ToList();

        var matched = judged.SelectMany(c => c.DeclaredFlows).ToHashSet();
        var usedRules = judged.SelectMany(c => c.CoveringRules).ToHashSet(StringComparer.Ordinal);
        var flows = plant.Flows.OrderBy(f => f.Id.Value, StringComparer.Ordinal).ToList();
        return new DeclaredVersusObserved(
            judged,
            [.. flows.Where(f => !matched.Contains(f.Id)).Select(f => f.Id)],
            [.. flows.Where(f => matched.Contains(f.Id)).Select(f => f.Id)],
            [.. plant.Conduits.Where(c => !usedRules.Contains($"conduit:{c.Id.Value}")).Select(c => c.Id).OrderBy(c => c.Value, StringComparer.Ordinal)]);
    }

    /// <summary>One observed flow judged against <paramref name="plant"/>.</summary>
    public static ObservedFlowCoverage Judge(PlantSpec plant, ObservedFlow flow, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plant);
        ArgumentNullException.ThrowIfNull(flow);
        return Judge(FlowModel.Create(plant), new Inventory(plant), flow, now);
    }

    private static ObservedFlowCoverage Judge(FlowModel model, Inventory inventory, ObservedFlow flow, DateTimeOffset now)
    {
        var source = inventory.Resolve(flow.Source);
        var destination = inventory.Resolve(flow.Destination);
        var port = flow.Destination.Port;
        var named = InventoryVocabulary.TryParse<Protocol>(flow.Protocol, out var parsed) && parsed != Protocol.Unspecified ? parsed : Protocol.Unspecified;
        var judged = new ObservedFlowCoverage(
            flow, source?.Id, source?.Zone, destination?.Id, destination?.Zone, named, CoverageStatus.NotCovered, [], []);
        if (port is not (>= 1 and <= 65535))
        {
            return judged with { Operations = [new OperationCoverage(null, flow.Events, false, false, NoPort, null)] };
        }

        var p = port.Value;
        IReadOnlyList<Protocol> candidates = named != Protocol.Unspecified ? [named] : Candidates(model.Definition, p);
        if (candidates.Count == 0)
        {
            return judged with { Operations = [new OperationCoverage(null, flow.Events, false, false, UnknownProtocol, null)] };
        }

        ObservedFlowCoverage? first = null;
        foreach (var protocol in candidates)
        {
            var operations = Decide(model, flow, source, destination, protocol, p, now);
            var covered = operations.Count(o => o.Covered);
            var status = covered == operations.Count ? CoverageStatus.Covered : covered == 0 ? CoverageStatus.NotCovered : CoverageStatus.PartlyCovered;
            var declared = source is null || destination is null
                ? []
                : model.Definition.Flows
                    .Where(f => f.From == source.Id && f.To == destination.Id && f.Protocol == protocol && f.Port == p)
                    .Select(f => f.Id)
                    .ToList();
            var candidate = judged with { Protocol = protocol, Status = status, Operations = operations, DeclaredFlows = declared };
            if (status == CoverageStatus.Covered || named != Protocol.Unspecified)
            {
                return candidate;
            }

            first ??= candidate;
        }

        // An unnamed protocol that nothing covers stays unnamed: which one it was is a guess.
        return first! with { Protocol = Protocol.Unspecified };
    }

    private static List<OperationCoverage> Decide(
        FlowModel model, ObservedFlow flow, AssetSpec? source, AssetSpec? destination, Protocol protocol, int port, DateTimeOffset now)
    {
        var from = source is null ? FlowEndpoint.OfAddress(flow.Source.Ip) : FlowEndpoint.OfAsset(source.Id);
        var to = destination is null ? FlowEndpoint.OfAddress(flow.Destination.Ip) : FlowEndpoint.OfAsset(destination.Id);
        if (!ProtocolOperations.RequiresOperations(protocol))
        {
            // IT protocols have no operations: a conduit or flow allows the whole protocol.
            return [Of(null, flow.Events, FlowEngine.Decide(new FlowRequest(from, to, protocol, port), model, now))];
        }

        if (flow.Operations.Count == 0)
        {
            // A connection seen without its operations (conn.log, a dropped SYN): covered when any operation would pass.
            OperationCoverage? denied = null;
            foreach (var operation in ProtocolOperations.Named(protocol))
            {
                var decided = Of(null, flow.Events, FlowEngine.Decide(new FlowRequest(from, to, protocol, port, operation), model, now));
                if (decided.Covered)
                {
                    return [decided];
                }

                denied ??= decided;
            }

            return [denied!];
        }

        return [.. flow.Operations
            .OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => Of(o.Key, o.Value, FlowEngine.Decide(new FlowRequest(from, to, protocol, port, o.Key), model, now)))];
    }

    private static OperationCoverage Of(string? operation, long count, FlowDecision decision)
    {
        var conditional = !decision.IsAllowed && ConditionReasons.Contains(decision.Reason ?? string.Empty) && decision.RuleId is not null;
        return new OperationCoverage(operation, count, decision.IsAllowed || conditional, conditional, decision.Reason ?? string.Empty, decision.RuleId);
    }

    /// <summary>The protocols a port can carry here: those of declared conduits and flows on it, then those that default to it.</summary>
    private static List<Protocol> Candidates(PlantSpec plant, int port) =>
        plant.Conduits.Where(c => c.Port == port).Select(c => c.Protocol)
            .Concat(plant.Flows.Where(f => f.Port == port).Select(f => f.Protocol))
            .Concat(Enum.GetValues<Protocol>().Where(p => p != Protocol.Unspecified && ProtocolOperations.DefaultPort(p) == port))
            .Distinct()
            .ToList();

    /// <summary>The plant's assets by id and by canonical address.</summary>
    private sealed class Inventory
    {
        private readonly Dictionary<AssetId, AssetSpec> _byId;
        private readonly Dictionary<string, AssetSpec> _byIp = new(StringComparer.Ordinal);

        public Inventory(PlantSpec plant)
        {
            _byId = plant.Assets.ToDictionary(a => a.Id);
            foreach (var asset in plant.Assets)
            {
                if (NetworkAddress.TryCanonicalIp(asset.Ip, out var ip))
                {
                    _byIp.TryAdd(ip, asset);
                }
            }
        }

        public AssetSpec? Resolve(ObservedHost host) =>
            host.Asset is { } id && _byId.TryGetValue(id, out var asset) ? asset
            : NetworkAddress.TryCanonicalIp(host.Ip, out var ip) && _byIp.TryGetValue(ip, out asset) ? asset
            : null;
    }
}
