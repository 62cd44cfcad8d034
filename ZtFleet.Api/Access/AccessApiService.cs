using Grpc.Core;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Access.Mfa;
using ZtFleet.Api.Errors;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Access;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using Domain = ZtFleet.Policy.Access;
using PlantEpoch = ZtFleet.Grains.Identities.PlantEpoch;
using V1AccessRequest = ZtFleet.Api.V1.AccessRequest;

namespace ZtFleet.Api.Access;

/// <summary>
/// <c>ztfleet.v1.AccessService</c>: MFA events, temporary access, locks. Every change is audited at the plants it
/// touches; refusals are audited by the refusal interceptor.
/// </summary>
public sealed class AccessApiService(
    IClusterClient cluster,
    OidcTokenVerifier oidc,
    TotpVerifier totp,
    AuditWriter audit,
    ControlPlaneClock time,
    IOptions<AccessOptions> accessOptions) : AccessService.AccessServiceBase
{
    public override async Task<AssertMfaResponse> AssertMfa(AssertMfaRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        RequireAny(caller, Role.FleetAdmin, Role.PlantAdmin, Role.EnforcementPoint);
        if ((request.IdToken.Length > 0) == (request.TotpCode.Length > 0))
        {
            throw ApiErrors.InvalidField("id_token", "give either an OIDC ID token or a TOTP code (with identity_id)");
        }

        MfaState mfa;
        IdentityId identityId;
        IReadOnlyList<PlantEpoch> epochs;
        if (request.IdToken.Length > 0)
        {
            var verification = await oidc.VerifyAsync(request.IdToken);
            if (!verification.Verified || verification.IdentityId is null || verification.AuthTime is null)
            {
                throw ApiErrors.InvalidField("id_token", $"was not accepted: {verification.Failure ?? "invalid"}");
            }

            identityId = ParseId<IdentityId>(verification.IdentityId, "id_token");
            var identity = await VisibleIdentityAsync(caller, identityId, "id_token", context);
            mfa = new MfaState(verification.AuthTime.Value, verification.Method);
            epochs = await Identity(identity.Id).RecordMfaAsync(mfa, context.CancellationToken);
        }
        else
        {
            identityId = ParseId<IdentityId>(request.IdentityId, "identity_id");
            await VisibleIdentityAsync(caller, identityId, "identity_id", context);
            var enrolled = await Identity(identityId).GetTotpAsync(context.CancellationToken)
                ?? throw ApiErrors.InvalidField("identity_id", "is not enrolled for TOTP");
            var now = time.GetUtcNow();
            var check = totp.Verify(enrolled.Secret, request.TotpCode, enrolled.LastStep, now);
            if (!check.Verified || check.MatchedStep is not { } step)
            {
                throw ApiErrors.InvalidField("totp_code", $"was not accepted: {check.Failure ?? "invalid"}");
            }

            mfa = new MfaState(now, "totp");
            try
            {
                epochs = await Identity(identityId).RecordTotpAsync(step, mfa, context.CancellationToken);
            }
            catch (InvalidOperationException)
            {
                // Another call used the same code between our check and the grain's: a replay.
                throw ApiErrors.InvalidField("totp_code", $"was not accepted: {MfaFailures.Replayed}");
            }
        }

        await audit.RecordAsync(caller, null, "mfa.assert", identityId.Value, "recorded", new { method = mfa.Method, authTime = mfa.AuthTime, epochs = epochs.Select(e => $"{e.Plant}@{e.Epoch}") });
        var response = new AssertMfaResponse { IdentityId = identityId.Value, AuthTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(mfa.AuthTime), Method = mfa.Method };
        response.Epochs.AddRange(epochs.ToProto());
        return response;
    }

    public override async Task<EnrollTotpResponse> EnrollTotp(EnrollTotpRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var identity = await VisibleIdentityAsync(caller, ParseId<IdentityId>(request.IdentityId, "identity_id"), "identity_id", context);
        RequireChange(caller, identity);
        var enrollment = TotpEnrollment.Create(identity.Id.Value);
        await Identity(identity.Id).EnrollTotpAsync(enrollment.Secret, context.CancellationToken);
        await audit.RecordAsync(caller, null, "mfa.totp-enroll", identity.Id.Value, "enrolled", new { });
        return new EnrollTotpResponse { OtpauthUri = enrollment.ProvisioningUri };
    }

    public override async Task<V1AccessRequest> RequestAccess(RequestAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var submission = ToSubmission(request, caller, time.GetUtcNow(), accessOptions.Value.MaxWindowAhead);
        if (!caller.CanChange(submission.Plant) && !caller.CanApprove(submission.Plant))
        {
            throw caller.CanSee(submission.Plant)
                ? ApiErrors.RoleNotAllowed("Your role cannot request access at this plant.")
                : ApiErrors.NotFound($"Plant '{submission.Plant}'");
        }

        var view = await Workflow(() => Request(request.RequestId).SubmitAsync(submission, context.CancellationToken));
        await audit.RecordAsync(caller, submission.Plant, "access.request", view.RequestId, view.Status.ToString().ToLowerInvariant(), Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> ApproveAccess(ApproveAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var grain = await VisibleRequestAsync(caller, request.RequestId, context);
        if (!caller.CanApprove(grain.View.Submission.Plant))
        {
            throw ApiErrors.RoleNotAllowed("Only an approver of this plant may approve.");
        }

        var view = await Workflow(() => grain.Grain.ApproveAsync(caller.Subject, NullIfEmpty(request.Comment), context.CancellationToken));
        await audit.RecordAsync(caller, view.Submission.Plant, "access.approve", view.RequestId, view.Status.ToString().ToLowerInvariant(), Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> RejectAccess(RejectAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var grain = await VisibleRequestAsync(caller, request.RequestId, context);
        if (!caller.CanApprove(grain.View.Submission.Plant))
        {
            throw ApiErrors.RoleNotAllowed("Only an approver of this plant may reject.");
        }

        var view = await Workflow(() => grain.Grain.RejectAsync(caller.Subject, RequireText(request.Reason, "reason"), context.CancellationToken));
        await audit.RecordAsync(caller, view.Submission.Plant, "access.reject", view.RequestId, "rejected", Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> RevokeAccess(RevokeAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var grain = await VisibleRequestAsync(caller, request.RequestId, context);
        var plant = grain.View.Submission.Plant;
        if (!caller.CanChange(plant) && !caller.CanApprove(plant))
        {
            throw ApiErrors.RoleNotAllowed("Your role cannot revoke access at this plant.");
        }

        var view = await Workflow(() => grain.Grain.RevokeAsync(caller.Subject, RequireText(request.Reason, "reason"), context.CancellationToken));
        await audit.RecordAsync(caller, plant, "access.revoke", view.RequestId, view.Status.ToString().ToLowerInvariant(), Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> GetAccessRequest(GetAccessRequestRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        return (await VisibleRequestAsync(caller, request.RequestId, context)).View.ToProto();
    }

    public override async Task<LockIdentityResponse> LockIdentity(LockIdentityRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var identity = await VisibleIdentityAsync(caller, ParseId<IdentityId>(request.IdentityId, "identity_id"), "identity_id", context);
        RequireChange(caller, identity);
        var epochs = await Identity(identity.Id).LockAsync(RequireText(request.Reason, "reason"), $"lock:{Guid.NewGuid():N}", context.CancellationToken);
        await audit.RecordAsync(caller, null, "identity.lock", identity.Id.Value, "locked", new { reason = request.Reason, epochs = epochs.Select(e => $"{e.Plant}@{e.Epoch}") });
        var response = new LockIdentityResponse();
        response.Epochs.AddRange(epochs.ToProto());
        return response;
    }

    public override async Task<LockIdentityResponse> UnlockIdentity(UnlockIdentityRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var identity = await VisibleIdentityAsync(caller, ParseId<IdentityId>(request.IdentityId, "identity_id"), "identity_id", context);
        RequireChange(caller, identity);
        var epochs = await Identity(identity.Id).UnlockAsync($"unlock:{Guid.NewGuid():N}", context.CancellationToken);
        await audit.RecordAsync(caller, null, "identity.unlock", identity.Id.Value, "unlocked", new { epochs = epochs.Select(e => $"{e.Plant}@{e.Epoch}") });
        var response = new LockIdentityResponse();
        response.Epochs.AddRange(epochs.ToProto());
        return response;
    }

    private IIdentityGrain Identity(IdentityId id) => cluster.GetGrain<IIdentityGrain>(GrainKeys.Identity(id));

    private IAccessRequestGrain Request(string requestId) => cluster.GetGrain<IAccessRequestGrain>(ParseText(requestId, "request_id"));

    /// <summary>The identity, if the caller may see it: fleet roles see all; plant-scoped callers only theirs.</summary>
    private async Task<IdentitySpec> VisibleIdentityAsync(Caller caller, IdentityId id, string field, ServerCallContext context)
    {
        var identity = await Identity(id).GetAsync(context.CancellationToken);
        if (identity is null || !(caller.Role is Role.FleetAdmin or Role.Auditor || identity.Assignments.Any(a => caller.Plants.Contains(a.Plant))))
        {
            // Unknown and out-of-scope look the same.
            throw ApiErrors.NotFound($"Identity '{id}'");
        }

        _ = field;
        return identity;
    }

    private async Task<(IAccessRequestGrain Grain, AccessRequestView View)> VisibleRequestAsync(Caller caller, string requestId, ServerCallContext context)
    {
        var grain = Request(requestId);
        var view = await grain.GetAsync(context.CancellationToken);
        if (view is null || !caller.CanSee(view.Submission.Plant))
        {
            throw ApiErrors.NotFound($"Access request {ZtFleet.Policy.Text.Echo.Of(requestId)}");
        }

        return (grain, view);
    }

    private static void RequireChange(Caller caller, IdentitySpec identity)
    {
        if (!caller.CanChangeFleet && !identity.Assignments.Any(a => caller.CanChange(a.Plant)))
        {
            throw ApiErrors.RoleNotAllowed("Your role cannot change this identity.");
        }
    }

    private static void RequireAny(Caller caller, params Role[] roles)
    {
        if (!roles.Contains(caller.Role))
        {
            throw ApiErrors.RoleNotAllowed($"This call needs one of: {string.Join(", ", roles.Select(RoleNames.Format))}.");
        }
    }

    private static AccessRequestSubmission ToSubmission(RequestAccessRequest request, Caller caller, DateTimeOffset now, TimeSpan maxWindowAhead)
    {
        var violations = new List<Violation>();
        T? Parse<T>(string value, string field)
            where T : struct, IEntityId<T>
        {
            if (T.TryParse(value, out var id))
            {
                return id;
            }

            violations.Add(new Violation(field, EntityId.Describe(value)));
            return null;
        }

        if (!EntityId.IsValid(request.RequestId))
        {
            violations.Add(new Violation("request_id", EntityId.Describe(request.RequestId)));
        }

        var identity = Parse<IdentityId>(request.IdentityId, "identity_id");
        var plant = Parse<PlantId>(request.PlantId, "plant_id");
        var zones = request.ZoneIds.Select((z, i) => Parse<ZoneId>(z, $"zone_ids[{i}]")).OfType<ZoneId>().ToList();
        var assets = request.AssetIds.Select((a, i) => Parse<AssetId>(a, $"asset_ids[{i}]")).OfType<AssetId>().ToList();
        var operations = new List<Domain.Operation>();
        foreach (var (operation, i) in request.Operations.Select((o, i) => (o, i)))
        {
            var value = (Domain.Operation)(int)operation;
            if (value == Domain.Operation.Unspecified || !Enum.IsDefined(value))
            {
                violations.Add(new Violation($"operations[{i}]", "is not a known operation"));
            }
            else
            {
                operations.Add(value);
            }
        }

        var notBefore = ProtoTime.Read(request.NotBefore, "not_before", violations);
        var notAfter = ProtoTime.Read(request.NotAfter, "not_after", violations);
        if (notBefore is { } from && notAfter is { } to)
        {
            violations.AddRange(TemporaryAccessRules.CheckWindow(from, to, now, maxWindowAhead));
        }

        if (violations.Count > 0)
        {
            throw ApiErrors.InvalidArgument("Invalid access request; see the field violations.", violations);
        }

        return new AccessRequestSubmission(
            identity!.Value,
            plant!.Value,
            operations,
            zones,
            assets,
            notBefore!.Value,
            notAfter!.Value,
            request.Justification.Trim(),
            request.WorkOrder.Trim(),
            caller.Subject);
    }

    /// <summary>Runs a workflow step; the rules' refusals become field violations, state conflicts FAILED_PRECONDITION.</summary>
    private static async Task<AccessRequestView> Workflow(Func<Task<AccessRequestView>> step)
    {
        try
        {
            return await step();
        }
        catch (AccessRequestException ex) when (ex.Violations.Count > 0)
        {
            throw ApiErrors.InvalidArgument($"The request has {ex.Violations.Count} problem(s); nothing was recorded.", ex.Violations);
        }
        catch (AccessRequestException ex)
        {
            throw ApiErrors.InvalidField(ex.Field.Length > 0 ? ex.Field : "request", ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, ex.Message));
        }
    }

    private static object Detail(AccessRequestView view) => new
    {
        identity = view.Submission.Identity.Value,
        operations = view.Submission.Operations.Select(o => o.ToString()),
        zones = view.Submission.Zones.Select(z => z.Value),
        assets = view.Submission.Assets.Select(a => a.Value),
        notBefore = view.Submission.NotBefore,
        notAfter = view.Submission.NotAfter,
        workOrder = view.Submission.WorkOrder,
        justification = view.Submission.Justification,
        approvals = view.Approvals.Select(a => a.Approver),
        requiredApprovals = view.RequiredApprovals,
        epochs = view.Epochs.Select(e => $"{e.Plant}@{e.Epoch}"),
    };

    private static TId ParseId<TId>(string value, string field)
        where TId : struct, IEntityId<TId> =>
        TId.TryParse(value, out var id) ? id : throw ApiErrors.InvalidField(field, EntityId.Describe(value));

    private static string ParseText(string value, string field) =>
        EntityId.IsValid(value) ? value : throw ApiErrors.InvalidField(field, EntityId.Describe(value));

    private static string RequireText(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw ApiErrors.InvalidField(field, "is required") : value.Trim();

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
