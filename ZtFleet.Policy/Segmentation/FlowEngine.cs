using ZtFleet.Policy.Access;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Policy.Segmentation;

/// <summary>
/// Decides network flows against a plant's zones, conduits and declared flows (IEC 62443 zones and conduits, SR 5.1
/// and 5.2), its quarantines and the conduits' conditions. Pure: the same request, model and time always give the same
/// decision; the time is a parameter, never read from a clock.
/// </summary>
/// <remarks>
/// Deny by default. Between zones a conduit must connect them with the source's zone allowed to initiate, carry the
/// protocol on the port, admit both assets on their sides, and list the operation (Modbus groups stand for their
/// function codes: <c>read</c> covers <c>fc3</c>, and <c>fc1</c>…<c>fc4</c> together cover <c>read</c>). Into a safety
/// zone only what a conduit lists explicitly: the operation by its own name, on a conduit pointing into the zone.
/// Inside one zone only declared flows (asset to asset, protocol, port). A quarantined asset is reached (and reaches
/// out) only as its quarantine allows, whatever the conduits say. A conduit with conditions allows only while they
/// hold: an open maintenance window, a role of the identity behind the flow, a grant of it in force. A deny names the
/// conduit that came closest and the first check it failed.
/// </remarks>
public static class FlowEngine
{
    // How far a conduit got before failing; the deepest stage over all conduits gives the deny reason.
    private enum Stage
    {
        Direction,
        Protocol,
        Port,
        Source,
        Destination,
        Operation,
        Safety,
        MaintenanceWindow,
        Identity,
        Role,
        Grant,
        Matched,
    }

    /// <summary>Decides one flow at <paramref name="now"/> (maintenance windows and grants depend on it).</summary>
    public static FlowDecision Decide(in FlowRequest request, FlowModel model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (request.Protocol == Protocol.Unspecified || !Enum.IsDefined(request.Protocol) || request.Port is < 1 or > 65535)
        {
            return Deny(FlowReasons.InvalidRequest);
        }

        if (!model.TryResolve(request.Source, out var source))
        {
            return Deny(FlowReasons.UnknownSource);
        }

        if (!model.TryResolve(request.Destination, out var destination))
        {
            return Deny(FlowReasons.UnknownDestination) with { SourceAsset = source.Id, SourceZone = source.Zone };
        }

        var resolved = new FlowDecision
        {
            Effect = DecisionEffect.Deny,
            SourceAsset = source.Id,
            SourceZone = source.Zone,
            DestinationAsset = destination.Id,
            DestinationZone = destination.Zone,
        };

        var operation = string.IsNullOrEmpty(request.Operation) ? null : request.Operation;
        if (ProtocolOperations.RequiresOperations(request.Protocol))
        {
            if (operation is null)
            {
                return resolved with { Reason = FlowReasons.OperationRequired };
            }

            if (!ProtocolOperations.IsAllowed(request.Protocol, operation))
            {
                return resolved with { Reason = FlowReasons.UnknownOperation };
            }
        }
        else if (operation is not null)
        {
            // IT protocols have no operation vocabulary: whatever was named is not something a conduit can allow.
            return resolved with { Reason = FlowReasons.UnknownOperation };
        }

        if (QuarantineDenying(request.Protocol, operation, model, source, destination) is { } quarantine)
        {
            return resolved with { Reason = FlowReasons.Quarantined, RuleId = model.RuleOf(quarantine) };
        }

        return source.Zone == destination.Zone
            ? InsideZone(request, operation, model, source, destination, resolved)
            : BetweenZones(request, operation, model, source, destination, resolved, now);
    }

    /// <summary>
    /// The quarantine that denies the flow, if any: a quarantined end takes part only in reads, and an isolated asset
    /// only in reads that an asset of its quarantine path initiates towards it.
    /// </summary>
    private static AssetQuarantine? QuarantineDenying(Protocol protocol, string? operation, FlowModel model, AssetSpec source, AssetSpec destination)
    {
        var readOnly = ProtocolOperations.IsReadOnly(protocol, operation);
        if (model.TryGetQuarantine(source.Id, out var quarantine) && (!readOnly || quarantine.Mode != QuarantineMode.RestrictWrites))
        {
            return quarantine;
        }

        if (model.TryGetQuarantine(destination.Id, out quarantine)
            && (!readOnly || (quarantine.Mode != QuarantineMode.RestrictWrites && !(quarantine.AccessFrom ?? []).Contains(source.Id))))
        {
            return quarantine;
        }

        return null;
    }

    private static FlowDecision InsideZone(
        in FlowRequest request, string? operation, FlowModel model, AssetSpec source, AssetSpec destination, FlowDecision resolved)
    {
        // In a safety zone only what a flow lists by name; elsewhere a flow that lists nothing carries every operation.
        var safety = model.KindOf(destination.Zone) == ZoneKind.Safety;
        string? closest = null;
        foreach (var flow in model.FlowsBetween(source.Id, destination.Id))
        {
            if (flow.Protocol != request.Protocol || flow.Port != request.Port)
            {
                continue;
            }

            var listed = flow.Operations ?? [];
            var covered = safety
                ? operation is not null && listed.Contains(operation, StringComparer.Ordinal)
                : listed.Count == 0 || Covers(listed, request.Protocol, operation, model);
            if (covered)
            {
                return resolved with { Effect = DecisionEffect.Allow, Reason = FlowReasons.DeclaredFlow, RuleId = model.RuleOf(flow) };
            }

            closest ??= model.RuleOf(flow);
        }

        return closest is null
            ? resolved with { Reason = FlowReasons.NoDeclaredFlow }
            : resolved with { Reason = safety ? FlowReasons.SafetyNotExplicit : FlowReasons.OperationNotAllowed, RuleId = closest };
    }

    private static FlowDecision BetweenZones(
        in FlowRequest request, string? operation, FlowModel model, AssetSpec source, AssetSpec destination, FlowDecision resolved, DateTimeOffset now)
    {
        var conduits = model.ConduitsBetween(source.Zone, destination.Zone);
        if (conduits.Count == 0)
        {
            return resolved with { Reason = FlowReasons.NoConduitBetweenZones };
        }

        var intoSafety = model.KindOf(destination.Zone) == ZoneKind.Safety;
        var best = Stage.Direction;
        ConduitSpec? closest = null;
        foreach (var conduit in conduits)
        {
            var stage = Evaluate(conduit, request, operation, model, source, destination, intoSafety);
            if (stage == Stage.Matched && conduit.Conditions is { IsNone: false } conditions)
            {
                stage = Conditions(conditions, request, operation, model, source, destination, now);
            }

            if (stage == Stage.Matched)
            {
                return resolved with { Effect = DecisionEffect.Allow, Reason = FlowReasons.Conduit, RuleId = model.RuleOf(conduit) };
            }

            if (closest is null || stage > best)
            {
                best = stage;
                closest = conduit;
            }
        }

        var reason = best switch
        {
            Stage.Direction => FlowReasons.WrongDirection,
            Stage.Protocol => FlowReasons.ProtocolNotAllowed,
            Stage.Port => FlowReasons.PortNotAllowed,
            Stage.Source => FlowReasons.SourceNotAllowed,
            Stage.Destination => FlowReasons.DestinationNotAllowed,
            Stage.Operation => FlowReasons.OperationNotAllowed,
            Stage.Safety => FlowReasons.SafetyNotExplicit,
            Stage.MaintenanceWindow => FlowReasons.OutsideMaintenanceWindow,
            Stage.Identity => FlowReasons.IdentityRequired,
            Stage.Role => FlowReasons.RoleRequired,
            _ => FlowReasons.GrantRequired,
        };

        // A conduit that failed on direction or protocol says little about this flow: name one only from the port on.
        return resolved with { Reason = reason, RuleId = best >= Stage.Port ? model.RuleOf(closest!) : null };
    }

    /// <summary>The first stage <paramref name="conduit"/> fails for this flow, or <see cref="Stage.Matched"/>.</summary>
    private static Stage Evaluate(
        ConduitSpec conduit, in FlowRequest request, string? operation, FlowModel model, AssetSpec source, AssetSpec destination, bool intoSafety)
    {
        var forward = conduit.From == source.Zone;
        if (!forward && conduit.Direction != ConduitDirection.Bidirectional)
        {
            return Stage.Direction;
        }

        if (conduit.Protocol != request.Protocol)
        {
            return Stage.Protocol;
        }

        if (conduit.Port != request.Port)
        {
            return Stage.Port;
        }

        // Each side's narrowing belongs to its zone, whichever way a bidirectional conduit is used.
        if (!SideAdmits(conduit, source))
        {
            return Stage.Source;
        }

        if (!SideAdmits(conduit, destination))
        {
            return Stage.Destination;
        }

        if (!Covers(conduit, request.Protocol, operation, model))
        {
            return Stage.Operation;
        }

        if (intoSafety && (!forward || operation is null || !conduit.Operations.Contains(operation, StringComparer.Ordinal)))
        {
            return Stage.Safety;
        }

        return Stage.Matched;
    }

    /// <summary>The first condition of a conduit that does not hold, or <see cref="Stage.Matched"/>.</summary>
    private static Stage Conditions(
        ConduitConditions conditions, in FlowRequest request, string? operation, FlowModel model, AssetSpec source, AssetSpec destination, DateTimeOffset now)
    {
        if (conditions.MaintenanceWindow && !model.MaintenanceWindows.Any(w => w.Lookup(now).Inside))
        {
            return Stage.MaintenanceWindow;
        }

        if (!conditions.NeedsIdentity)
        {
            return Stage.Matched;
        }

        // The identity the enforcement point names, else the one the source asset is issued to.
        if ((request.Identity ?? source.UsedBy) is not { } id || !model.TryGetIdentity(id, out var identity) || identity.Locked)
        {
            return Stage.Identity;
        }

        if (conditions.Roles is { Count: > 0 } roles && !roles.Any(r => identity.Roles.Contains(r, StringComparer.Ordinal)))
        {
            return Stage.Role;
        }

        if (conditions.ActiveGrant)
        {
            var needed = ProtocolOperations.AccessOperation(request.Protocol, operation);
            var granted = (identity.Grants ?? []).Any(g =>
                g.Plant == model.Plant
                && g.NotBefore <= now
                && now < g.NotAfter
                && ((g.Assets ?? []).Contains(destination.Id) || (g.Zones ?? []).Contains(destination.Zone))
                && (g.Operations ?? []).Contains(needed));
            if (!granted)
            {
                return Stage.Grant;
            }
        }

        return Stage.Matched;
    }

    private static bool SideAdmits(ConduitSpec conduit, AssetSpec asset) =>
        asset.Zone == conduit.From
            ? ConduitMatching.Admits(conduit.FromAssetTypes, conduit.FromAssets, asset)
            : ConduitMatching.Admits(conduit.ToAssetTypes, conduit.ToAssets, asset);

    private static bool Covers(ConduitSpec conduit, Protocol protocol, string? operation, FlowModel model)
    {
        if (operation is null)
        {
            // Only IT protocols get here without an operation; their conduits allow the whole protocol. An OT conduit
            // that lists nothing (the validator refuses it) allows nothing.
            return !ProtocolOperations.RequiresOperations(protocol) && conduit.Operations.Count == 0;
        }

        return Covers(conduit.Operations, protocol, operation, model);
    }

    // Listed by name, or for Modbus/TCP every function code the operation stands for is listed.
    private static bool Covers(IReadOnlyList<string> listed, Protocol protocol, string? operation, FlowModel model)
    {
        if (operation is null)
        {
            return false;
        }

        if (listed.Contains(operation, StringComparer.Ordinal))
        {
            return true;
        }

        if (protocol != Protocol.ModbusTcp)
        {
            return false;
        }

        var wanted = ProtocolOperations.ModbusFunctionCodes(operation);
        if (wanted.Count == 0)
        {
            return false;
        }

        var codes = model.CodesOf(listed);
        foreach (var code in wanted)
        {
            if (!codes.Contains(code))
            {
                return false;
            }
        }

        return true;
    }

    private static FlowDecision Deny(string reason) => new() { Effect = DecisionEffect.Deny, Reason = reason };
}
