using Grpc.Core;
using Microsoft.Extensions.Options;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Access.Mfa;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Access;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Identities;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Mfa;
using Domain = ZtFleet.Policy.Access;
using PlantEpoch = ZtFleet.Grains.Identities.PlantEpoch;
using GrainStatus = ZtFleet.Grains.Access.AccessRequestStatus;
using V1AccessRequest = ZtFleet.Api.V1.AccessRequest;

namespace ZtFleet.Api.Access;

/// <summary>
/// <c>ztfleet.v1.AccessService</c>: MFA events, temporary access, locks. Every change is audited at the plants it
/// touches; refusals are audited by the refusal interceptor.
/// </summary>
public sealed class AccessApiService(
    IClusterClient cluster,
    ZtFleet.Api.PlantViews.PlantViewCache views,
    OidcTokenVerifier oidc,
    AuditWriter audit,
    ControlPlaneClock time,
    IOptions<AccessOptions> accessOptions) : AccessService.AccessServiceBase
{
    public override async Task<AssertMfaResponse> AssertMfa(AssertMfaRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        caller.Authorize(AdminAction.AssertMfa);
        if ((request.IdToken.Length > 0) == (request.TotpCode.Length > 0))
        {
            throw InvalidRequestException.Field("id_token", "give either an OIDC ID token or a TOTP code (with identity_id)");
        }

        MfaState mfa;
        IdentityId identityId;
        IReadOnlyList<PlantEpoch> epochs;
        IReadOnlyList<PlantId>? onlyAt;
        if (request.IdToken.Length > 0)
        {
            var verification = await oidc.VerifyAsync(request.IdToken);
            if (!verification.Verified || verification.IdentityId is null || verification.AuthTime is null)
            {
                throw InvalidRequestException.Field("id_token", $"was not accepted: {verification.Failure ?? "invalid"}");
            }

            identityId = ParseId<IdentityId>(verification.IdentityId, "id_token");
            var identity = await VisibleIdentityAsync(caller, identityId, "id_token", context);
            onlyAt = MfaScope.Of(caller.Role, caller.Plants, identity.Assignments.Select(a => a.Plant));
            mfa = new MfaState(verification.AuthTime.Value, verification.Method);
            epochs = await Identity(identity.Id).RecordMfaAsync(mfa, onlyAt, context.CancellationToken);
        }
        else
        {
            // The code is checked by the identity grain, which holds the secret and counts refused codes (lockouts).
            // Visibility first: a point of plant A learns nothing (not enrolment, not a lockout) about people of B.
            identityId = ParseId<IdentityId>(request.IdentityId, "identity_id");
            var identity = await VisibleIdentityAsync(caller, identityId, "identity_id", context);
            onlyAt = MfaScope.Of(caller.Role, caller.Plants, identity.Assignments.Select(a => a.Plant));
            var recorded = await Identity(identityId).AssertTotpAsync(request.TotpCode, onlyAt, caller.ToString(), context.CancellationToken);
            (mfa, epochs) = (recorded.Mfa, recorded.Epochs);
        }

        await audit.RecordAsync(caller, null, "mfa.assert", identityId.Value, "recorded", new { method = mfa.Method, authTime = mfa.AuthTime, onlyAt = onlyAt?.Select(p => p.Value), epochs = epochs.Select(e => $"{e.Plant}@{e.Epoch}") });
        var response = new AssertMfaResponse { IdentityId = identityId.Value, AuthTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(mfa.AuthTime), Method = mfa.Method };
        response.Epochs.AddRange(epochs.ToProto());
        return response;
    }

    public override async Task<EnrollTotpResponse> EnrollTotp(EnrollTotpRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var identity = await VisibleIdentityAsync(caller, ParseId<IdentityId>(request.IdentityId, "identity_id"), "identity_id", context);
        caller.AuthorizeAcross(AdminAction.EnrollTotp, identity.Assignments.Select(a => a.Plant), $"Identity '{identity.Id}'");
        var enrollment = TotpEnrollment.Create(identity.Id.Value);
        await Identity(identity.Id).EnrollTotpAsync(enrollment.Secret, context.CancellationToken);
        await audit.RecordAsync(caller, null, "mfa.totp-enroll", identity.Id.Value, "enrolled", new { });
        return new EnrollTotpResponse { OtpauthUri = enrollment.ProvisioningUri };
    }

    public override async Task<V1AccessRequest> RequestAccess(RequestAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var submission = ToSubmission(request, caller, time.GetUtcNow(), accessOptions.Value.MaxWindowAhead);
        caller.Authorize(AdminAction.RequestAccess, submission.Plant);
        var view = await Request(request.RequestId).SubmitAsync(submission, context.CancellationToken);
        await audit.RecordAsync(caller, submission.Plant, "access.request", view.RequestId, view.Status.ToString().ToLowerInvariant(), Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> ApproveAccess(ApproveAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var grain = await VisibleRequestAsync(caller, request.RequestId, context);
        caller.Authorize(AdminAction.ApproveAccess, grain.View.Submission.Plant);
        var view = await grain.Grain.ApproveAsync(caller.Subject, NullIfEmpty(request.Comment), context.CancellationToken);
        await audit.RecordAsync(caller, view.Submission.Plant, "access.approve", view.RequestId, view.Status.ToString().ToLowerInvariant(), Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> RejectAccess(RejectAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var grain = await VisibleRequestAsync(caller, request.RequestId, context);
        caller.Authorize(AdminAction.ApproveAccess, grain.View.Submission.Plant);
        var view = await grain.Grain.RejectAsync(caller.Subject, RequireText(request.Reason, "reason"), context.CancellationToken);
        await audit.RecordAsync(caller, view.Submission.Plant, "access.reject", view.RequestId, "rejected", Detail(view));
        return view.ToProto();
    }

    public override async Task<V1AccessRequest> RevokeAccess(RevokeAccessRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var grain = await VisibleRequestAsync(caller, request.RequestId, context);
        var plant = grain.View.Submission.Plant;
        caller.Authorize(AdminAction.RevokeAccess, plant);
        var view = await grain.Grain.RevokeAsync(caller.Subject, RequireText(request.Reason, "reason"), context.CancellationToken);
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
        caller.AuthorizeAcross(AdminAction.LockIdentity, identity.Assignments.Select(a => a.Plant), $"Identity '{identity.Id}'");
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
        caller.AuthorizeAcross(AdminAction.UnlockIdentity, identity.Assignments.Select(a => a.Plant), $"Identity '{identity.Id}'");
        var epochs = await Identity(identity.Id).UnlockAsync($"unlock:{Guid.NewGuid():N}", context.CancellationToken);
        await audit.RecordAsync(caller, null, "identity.unlock", identity.Id.Value, "unlocked", new { epochs = epochs.Select(e => $"{e.Plant}@{e.Epoch}") });
        var response = new LockIdentityResponse();
        response.Epochs.AddRange(epochs.ToProto());
        return response;
    }

    public override async Task<ClearTotpLockoutResponse> ClearTotpLockout(ClearTotpLockoutRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var identity = await VisibleIdentityAsync(caller, ParseId<IdentityId>(request.IdentityId, "identity_id"), "identity_id", context);
        caller.AuthorizeAcross(AdminAction.UnlockIdentity, identity.Assignments.Select(a => a.Plant), $"Identity '{identity.Id}'");
        var reason = RequireText(request.Reason, "reason");
        var lockedUntil = await Identity(identity.Id).ClearTotpLockoutAsync(context.CancellationToken);
        await audit.RecordAsync(caller, null, "mfa.lockout-cleared", identity.Id.Value, lockedUntil is null ? "no-lockout" : "cleared", new { reason, lockedUntil });
        var response = new ClearTotpLockoutResponse { WasLockedOut = lockedUntil is not null };
        if (lockedUntil is { } until)
        {
            response.LockedUntil = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(until);
        }

        return response;
    }

    public override async Task<ListIdentitiesResponse> ListIdentities(ListIdentitiesRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = ParseId<PlantId>(request.PlantId, "plant_id");
        caller.Authorize(AdminAction.ReadIdentity, plant);
        if (request.AtLeastEpoch < 0)
        {
            throw InvalidRequestException.Field("at_least_epoch", "must not be negative");
        }

        var snapshot = await views.GetAsync(plant, request.AtLeastEpoch, context.CancellationToken);
        var response = new ListIdentitiesResponse { PlantId = plant.Value, Epoch = snapshot.Epoch };
        foreach (var identity in snapshot.Identities.OrderBy(i => i.Id.Value, StringComparer.Ordinal))
        {
            var item = new PlantIdentity
            {
                IdentityId = identity.Id.Value,
                Kind = KindName(identity.Kind),
                Shift = identity.Shift ?? string.Empty,
                Locked = identity.Locked,
                Trust = identity.Trust,
                TrustTier = identity.TrustTier.ToString().ToLowerInvariant(),
                MfaMethod = identity.Mfa?.Method ?? string.Empty,
            };
            if (identity.Mfa is { } mfa)
            {
                item.MfaAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(mfa.AuthTime);
            }

            item.Roles.AddRange(identity.Roles);
            foreach (var grant in identity.Grants.OrderBy(g => g.NotBefore))
            {
                var message = new IdentityGrant
                {
                    GrantId = grant.Id,
                    RequestId = grant.RequestId,
                    NotBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(grant.NotBefore),
                    NotAfter = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(grant.NotAfter),
                };
                message.Operations.AddRange(grant.Operations.Select(o => (ZtFleet.Api.V1.Operation)(int)o));
                message.ZoneIds.AddRange(grant.Zones.Select(z => z.Value));
                message.AssetIds.AddRange(grant.Assets.Select(a => a.Value));
                item.Grants.Add(message);
            }

            response.Identities.Add(item);
        }

        return response;
    }

    public override async Task<ListAccessRequestsResponse> ListAccessRequests(ListAccessRequestsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var plant = ParseId<PlantId>(request.PlantId, "plant_id");
        if (request.Limit is < 0 or > MaxListedRequests)
        {
            throw InvalidRequestException.Field("limit", $"must be 0 (for {DefaultListedRequests}) to {MaxListedRequests}");
        }

        var statuses = new List<GrainStatus>();
        foreach (var (status, i) in request.Statuses.Select((s, i) => (s, i)))
        {
            var value = (GrainStatus)(int)status;
            if (value == default || !Enum.IsDefined(value))
            {
                throw InvalidRequestException.Field($"statuses[{i}]", "is not a known status");
            }

            statuses.Add(value);
        }

        caller.Authorize(AdminAction.ReadAccess, plant);
        var ids = await cluster.GetGrain<IAccessRequestIndexGrain>(GrainKeys.Plant(plant))
            .ListAsync(statuses, request.Limit == 0 ? DefaultListedRequests : request.Limit, context.CancellationToken);
        var views = await Task.WhenAll(ids.Select(id => cluster.GetGrain<IAccessRequestGrain>(id).GetAsync(context.CancellationToken)));
        var response = new ListAccessRequestsResponse();
        // The index may be a step behind a request (see AccessRequestIndexGrain): the request's own status decides.
        response.Requests.AddRange(views.OfType<AccessRequestView>()
            .Where(v => v.Submission.Plant == plant && (statuses.Count == 0 || statuses.Contains(v.Status)))
            .Select(v => v.ToProto()));
        return response;
    }

    private const int DefaultListedRequests = 100;
    private const int MaxListedRequests = 500;

    private static string KindName(IdentityKind kind) => kind switch
    {
        IdentityKind.Employee => "employee",
        IdentityKind.Contractor => "contractor",
        IdentityKind.VendorTechnician => "vendor-technician",
        IdentityKind.ServiceAccount => "service-account",
        _ => "unspecified",
    };

    private IIdentityGrain Identity(IdentityId id) => cluster.GetGrain<IIdentityGrain>(GrainKeys.Identity(id));

    private IAccessRequestGrain Request(string requestId) => cluster.GetGrain<IAccessRequestGrain>(ParseText(requestId, "request_id"));

    /// <summary>The identity, if the caller may know it (<see cref="AdminAction.ReadIdentity"/> at one of its plants); unknown and out of scope look the same.</summary>
    private async Task<IdentitySpec> VisibleIdentityAsync(Caller caller, IdentityId id, string field, ServerCallContext context)
    {
        _ = field;
        var identity = await Identity(id).GetAsync(context.CancellationToken) ?? throw new NotFoundException($"Identity '{id}'");
        if (!Authorizer.DecideAcross(caller.Principal, AdminAction.ReadIdentity, identity.Assignments.Select(a => a.Plant)).IsVisible)
        {
            throw new NotFoundException($"Identity '{id}'");
        }

        return identity;
    }

    private async Task<(IAccessRequestGrain Grain, AccessRequestView View)> VisibleRequestAsync(Caller caller, string requestId, ServerCallContext context)
    {
        var grain = Request(requestId);
        var view = await grain.GetAsync(context.CancellationToken);
        if (view is null)
        {
            throw new NotFoundException($"Access request {ZtFleet.Policy.Text.Echo.Of(requestId)}");
        }

        caller.Authorize(AdminAction.ReadAccess, view.Submission.Plant, $"Access request {ZtFleet.Policy.Text.Echo.Of(requestId)}");
        return (grain, view);
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
            throw new InvalidRequestException("Invalid access request; see the field violations.", violations);
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
        TId.TryParse(value, out var id) ? id : throw InvalidRequestException.Field(field, EntityId.Describe(value));

    private static string ParseText(string value, string field) =>
        EntityId.IsValid(value) ? value : throw InvalidRequestException.Field(field, EntityId.Describe(value));

    private static string RequireText(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw InvalidRequestException.Field(field, "is required") : value.Trim();

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
