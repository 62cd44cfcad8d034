using Grpc.Core;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Enforcement;
using ZtFleet.Api.Export;
using ZtFleet.Api.Flows;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Export;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Segmentation;
using Domain = ZtFleet.Policy.Access;

using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Refusals;
using IncidentPart = ZtFleet.Policy.Response.Incidents.IncidentPart;
using IncidentPartKind = ZtFleet.Policy.Response.Incidents.IncidentPartKind;

namespace ZtFleet.Api.Decisions;

/// <summary>
/// <c>ztfleet.v1.DecisionService</c>: decides in-process from the API's cached plant view with the pure core; no
/// grain call per request. Break-glass decisions are audited; decisions go to the SIEM export when a destination wants
/// them (queued, never waited for: <see cref="DecisionExportWriter"/>).
/// </summary>
public sealed class DecisionApiService(
    PlantViewCache views, AuditWriter audit, DenialAudit denials, ControlPlaneClock time, FlowChecks flows, DecisionExportWriter exports, IClusterClient cluster)
    : DecisionService.DecisionServiceBase
{
    /// <inheritdoc />
    public override Task<CheckFlowResponse> CheckFlow(CheckFlowRequest request, ServerCallContext context) => flows.CheckAsync(request, context);

    public const int MaxBatch = 1000;

    public override async Task<CheckResponse> Check(CheckRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = ParsePlant(request.PlantId, "plant_id");
        Authorize(caller, plant);
        var access = ToDomain(request, string.Empty);
        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        PointScope.Require(caller, InScope(PointScope.Of(caller), snapshot, access));
        if (access.Emergency)
        {
            // A break-glass decision is always explained: its audit record says why.
            request.Explain = true;
        }

        var now = time.GetUtcNow();
        var decision = request.Explain ? Engine.Explain(access, snapshot, now) : Engine.Decide(access, snapshot, now);
        ZtFleet.Grains.Diagnostics.ZtFleetMetrics.RecordDecision(decision.IsAllowed, "access");
        await AuditBreakGlassAsync(caller, plant, access, decision);
        AuditDenial(caller, plant, access, decision);
        Export(caller, plant, access, decision, now);
        if (BreakGlassPart(plant, access, decision) is { } part)
        {
            TellIncidents([part]);
        }

        return new CheckResponse { Decision = decision.ToProto() };
    }

    public override async Task<BatchCheckResponse> BatchCheck(BatchCheckRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = ParsePlant(request.PlantId, "plant_id");
        Authorize(caller, plant);
        if (request.Checks.Count is 0 or > MaxBatch)
        {
            throw InvalidRequestException.Field("checks", $"must hold 1 to {MaxBatch} checks");
        }

        var accesses = new Domain.AccessRequest[request.Checks.Count];
        var violations = new List<Violation>();
        for (var i = 0; i < accesses.Length; i++)
        {
            var check = request.Checks[i];
            if (check.PlantId.Length > 0 && check.PlantId != plant.Value)
            {
                violations.Add(new Violation($"checks[{i}].plant_id", "must be empty or the batch's plant"));
                continue;
            }

            try
            {
                accesses[i] = ToDomain(check, $"checks[{i}].");
            }
            catch (InvalidRequestException ex)
            {
                violations.AddRange(ex.Violations);
            }
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"The batch has {violations.Count} problem(s); nothing was decided.", violations);
        }

        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        var scope = PointScope.Of(caller);
        for (var i = 0; i < accesses.Length; i++)
        {
            // Nothing of a batch is decided when one check is outside the point's zones.
            PointScope.Require(caller, InScope(scope, snapshot, accesses[i]), $"checks[{i}]");
        }

        var now = time.GetUtcNow();
        var response = new BatchCheckResponse();
        var breakGlass = new List<IncidentPart>();
        for (var i = 0; i < accesses.Length; i++)
        {
            var access = accesses[i];
            var decision = request.Checks[i].Explain ? Engine.Explain(access, snapshot, now) : Engine.Decide(access, snapshot, now);
            ZtFleet.Grains.Diagnostics.ZtFleetMetrics.RecordDecision(decision.IsAllowed, "access");
            await AuditBreakGlassAsync(caller, plant, access, decision);
            AuditDenial(caller, plant, access, decision);
            Export(caller, plant, access, decision, now);
            if (BreakGlassPart(plant, access, decision) is { } part)
            {
                breakGlass.Add(part);
            }

            response.Decisions.Add(decision.ToProto());
        }

        if (breakGlass.Count > 0)
        {
            TellIncidents(breakGlass);
        }

        return response;
    }

    private void Export(Caller caller, PlantId plant, in Domain.AccessRequest access, in Domain.Decision decision, DateTimeOffset now)
    {
        if (exports.WantsAccess(decision.IsAllowed))
        {
            exports.Offer(ExportRecords.From(plant, access, decision, now, caller.EnforcementPoint?.Value));
        }
    }

    /// <summary>Enforcement points ask about their own plant only; administrators about plants they may see.</summary>
    private static void Authorize(Caller caller, PlantId plant) => caller.Authorize(AdminAction.Decide, plant);

    /// <summary>An access check's target (an asset or a zone) against the caller's zones.</summary>
    private static ScopeVerdict InScope(EnforcementScope scope, PlantSnapshot snapshot, in Domain.AccessRequest access) =>
        access.Asset is { } asset ? scope.ForAsset(snapshot, asset) : scope.ForZone(access.Zone!.Value);

    /// <summary>A routine denial goes to the batched denial audit (never waited for); break-glass is audited on its own.</summary>
    private void AuditDenial(Caller caller, PlantId plant, in Domain.AccessRequest access, in Domain.Decision decision)
    {
        if (!decision.IsAllowed && !access.Emergency)
        {
            denials.Denied(caller, plant, access, decision);
        }
    }

    private Task AuditBreakGlassAsync(Caller caller, PlantId plant, in Domain.AccessRequest access, in Domain.Decision decision)
    {
        if (!access.Emergency)
        {
            return Task.CompletedTask;
        }

        // Safety first: a declared emergency is decided like any request, and always leaves a record.
        return audit.RecordAsync(caller, plant, "decision.break-glass", $"{access.Subject}->{access.Asset?.Value ?? access.Zone?.Value}", decision.IsAllowed ? "allowed" : "denied", new
        {
            identity = access.Subject.Value,
            asset = access.Asset?.Value,
            zone = access.Zone?.Value,
            operation = access.Operation.ToString(),
            reason = decision.Reason,
            rule = decision.RuleId,
            epoch = decision.Epoch,
        });
    }

    /// <summary>
    /// A declared emergency as a part of the fleet's incidents (an access event of its identity and target); repeats
    /// within the hour update one part.
    /// </summary>
    private IncidentPart? BreakGlassPart(PlantId plant, in Domain.AccessRequest access, in Domain.Decision decision)
    {
        if (!access.Emergency)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var target = access.Asset?.Value ?? access.Zone?.Value;
        return new IncidentPart(
            IncidentPartKind.Access,
            $"break-glass:{access.Subject.Value}:{target}:{now.UtcDateTime.ToString("yyyyMMddHH", System.Globalization.CultureInfo.InvariantCulture)}",
            plant,
            now,
            Policy.Monitoring.Severity.Medium,
            $"{access.Subject.Value} declared an emergency (break-glass) for {access.Operation.ToString().ToLowerInvariant()} on {target} and was {(decision.IsAllowed ? "allowed" : "denied")}.")
        {
            Identity = access.Subject,
            Asset = access.Asset,
            Zone = access.Zone,
        };
    }

    /// <summary>One-way and best effort: the audit chain holds every break-glass decision.</summary>
    private void TellIncidents(IReadOnlyList<IncidentPart> parts)
    {
        try
        {
            _ = cluster.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet).AddPartsAsync(parts);
        }
        catch (Exception)
        {
            // The decision stands and is audited; an incident without it is the lesser loss than a failed Check.
        }
    }

    private static Domain.AccessRequest ToDomain(CheckRequest request, string prefix)
    {
        var violations = new List<Violation>();
        if (!IdentityId.TryParse(request.IdentityId, out var identity))
        {
            violations.Add(new Violation(prefix + "identity_id", EntityId.Describe(request.IdentityId)));
        }

        AssetId? asset = null;
        ZoneId? zone = null;
        if ((request.AssetId.Length > 0) == (request.ZoneId.Length > 0))
        {
            violations.Add(new Violation(prefix + "asset_id", "give exactly one target: asset_id or zone_id"));
        }
        else if (request.AssetId.Length > 0)
        {
            if (AssetId.TryParse(request.AssetId, out var a))
            {
                asset = a;
            }
            else
            {
                violations.Add(new Violation(prefix + "asset_id", EntityId.Describe(request.AssetId)));
            }
        }
        else if (ZoneId.TryParse(request.ZoneId, out var z))
        {
            zone = z;
        }
        else
        {
            violations.Add(new Violation(prefix + "zone_id", EntityId.Describe(request.ZoneId)));
        }

        var operation = (Domain.Operation)(int)request.Operation;
        if (operation == Domain.Operation.Unspecified || !Enum.IsDefined(operation))
        {
            violations.Add(new Violation(prefix + "operation", "is required and must be a known operation"));
        }

        if (request.AtLeastEpoch < 0)
        {
            violations.Add(new Violation(prefix + "at_least_epoch", "must not be negative"));
        }

        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid check; see the field violations.", violations);
        }

        return new Domain.AccessRequest(identity, asset, zone, operation, request.Emergency);
    }

    private static PlantId ParsePlant(string value, string field) =>
        PlantId.TryParse(value, out var plant) ? plant : throw InvalidRequestException.Field(field, EntityId.Describe(value));
}
