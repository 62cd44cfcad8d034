using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.Flows;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.EnforcementPoints;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;

namespace ZtFleet.Api.Enforcement;

/// <summary>
/// <c>ztfleet.v1.EnforcementService</c>: enrollment of enforcement points, their plant's delta stream
/// (<see cref="PlantViewCache.WatchAsync"/>), acknowledgements and heartbeats (recorded by the enforcement point
/// grain), and the propagation status of a delta across the plant's points.
/// </summary>
/// <remarks>
/// A PEP credential reaches only its own plant: any other plant is NOT_FOUND, as a plant that does not exist.
/// Which methods a credential may call at all, and whether it was revoked, is decided by <see cref="AuthInterceptor"/>
/// before a method here runs.
/// </remarks>
public sealed class EnforcementApiService(
    IClusterClient cluster,
    PlantViewCache views,
    TokenService tokens,
    EnforcementPointCredentials credentials,
    EnforcementAudit audit,
    ControlPlaneClock time) : EnforcementService.EnforcementServiceBase
{
    /// <summary>How long an enforcement point's credential is valid: the longest-lived token the API issues.</summary>
    public static readonly TimeSpan CredentialLifetime = TimeSpan.FromDays(365);

    /// <summary>How often a running <c>Watch</c> of a point asks its grain that it is still enrolled.</summary>
    public static readonly TimeSpan WatchRecheck = TimeSpan.FromSeconds(30);

    /// <summary>The kind of a <c>Watch</c> message that carries only the current ruleset (at the start of the stream).</summary>
    public const string RulesetKind = "ruleset";

    private const int DefaultValidHours = 24;
    private const int MaxValidHours = 7 * 24;
    private const int MaxNameLength = 200;
    private const int DefaultSilentAfterSeconds = 60;

    public override async Task<CreateEnrollmentTokenResponse> CreateEnrollmentToken(CreateEnrollmentTokenRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        if (!EnforcementPointId.TryParse(request.EnforcementPointId, out var point))
        {
            violations.Add(new Violation("enforcement_point_id", EntityId.Describe(request.EnforcementPointId)));
        }

        var plant = ParsePlant(request.PlantId, violations);
        var zones = new List<ZoneId>();
        for (var i = 0; i < request.ZoneIds.Count; i++)
        {
            if (!ZoneId.TryParse(request.ZoneIds[i], out var zone))
            {
                violations.Add(new Violation($"zone_ids[{i}]", EntityId.Describe(request.ZoneIds[i])));
            }
            else if (!zones.Contains(zone))
            {
                zones.Add(zone);
            }
        }

        if (request.ValidHours is < 0 or > MaxValidHours)
        {
            violations.Add(new Violation("valid_hours", $"must be 1-{MaxValidHours} hours (0: {DefaultValidHours})"));
        }

        if (request.Kind is not (EnrollmentKind.Unspecified or EnrollmentKind.EnforcementPoint or EnrollmentKind.Sensor))
        {
            violations.Add(new Violation("kind", "must be ENFORCEMENT_POINT (the default) or SENSOR"));
        }

        if (request.Name.Length > MaxNameLength)
        {
            violations.Add(new Violation("name", $"must be at most {MaxNameLength} characters"));
        }

        ThrowIfAny(violations, "enrollment token");
        caller.Authorize(AdminAction.EnrollPoint, plant);

        if (await Plant(plant).GetSummaryAsync(context.CancellationToken) is null)
        {
            throw new NotFoundException($"Plant '{plant}'");
        }

        for (var i = 0; i < request.ZoneIds.Count; i++)
        {
            if (ZoneId.TryParse(request.ZoneIds[i], out var zone) && await Plant(plant).GetZoneAsync(zone, context.CancellationToken) is null)
            {
                violations.Add(new Violation($"zone_ids[{i}]", $"zone '{zone}' does not exist at plant '{plant}'"));
            }
        }

        ThrowIfAny(violations, "enrollment token");
        if (await Point(point).GetAsync(context.CancellationToken) is not null)
        {
            throw AlreadyEnrolled(point);
        }

        var validity = TimeSpan.FromHours(request.ValidHours == 0 ? DefaultValidHours : request.ValidHours);
        var name = string.IsNullOrWhiteSpace(request.Name) ? point.Value : request.Name.Trim();
        var ticket = EnrollmentTicket.Create(name, caller.ToString(), sensor: request.Kind == EnrollmentKind.Sensor);
        var expiresAt = time.GetUtcNow() + validity;
        var token = tokens.Issue(point.Value, Role.Enrollment, [plant], zones, validity, ticket.TokenId);
        await audit.TokenCreatedAsync(caller, plant, point, zones, name, expiresAt);
        return new CreateEnrollmentTokenResponse { EnrollmentToken = token, ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt) };
    }

    public override async Task<EnrollResponse> Enroll(EnrollRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        caller.Authorize(AdminAction.CompleteEnrollment);
        if (!EnrollmentTicket.TryParse(caller.TokenId, out var ticket) || !EnforcementPointId.TryParse(caller.Subject, out var point))
        {
            throw new UnauthenticatedException("The bearer token is not an enrollment token.");
        }

        var plant = caller.Plants.Single();
        var zones = caller.Zones.OrderBy(z => z.Value, StringComparer.Ordinal).ToList();
        if (await Plant(plant).GetSummaryAsync(context.CancellationToken) is null)
        {
            throw new NotFoundException($"Plant '{plant}'");
        }

        // The grain answers a retry of the same token with the same enrollment; here a token works once, so a
        // token copied after its use cannot mint a second credential.
        var grain = Point(point);
        if (await grain.GetAsync(context.CancellationToken) is not null)
        {
            throw AlreadyEnrolled(point);
        }

        // Enrolled meanwhile with another token: the grain refuses (ALREADY_EXISTS).
        await grain.EnrollAsync(new EnforcementPointRegistration(plant, zones, ticket.Name, ticket.TokenId, ticket.CreatedBy, ticket.Sensor), context.CancellationToken);

        var expiresAt = time.GetUtcNow() + CredentialLifetime;
        var role = ticket.Sensor ? Role.Sensor : Role.EnforcementPoint;
        var credential = tokens.Issue(point.Value, role, [plant], zones, CredentialLifetime, Guid.NewGuid().ToString("N"));
        await audit.EnrolledAsync(caller, plant, point, zones, ticket.CreatedBy, expiresAt);
        var response = new EnrollResponse
        {
            EnforcementPointId = point.Value,
            PlantId = plant.Value,
            Credential = credential,
            CredentialExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
            Kind = ticket.Sensor ? EnrollmentKind.Sensor : EnrollmentKind.EnforcementPoint,
        };
        response.ZoneIds.AddRange(zones.Select(z => z.Value));
        return response;
    }

    public override async Task Watch(WatchRequest request, IServerStreamWriter<WatchResponse> responseStream, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var plant = ParsePlant(request.PlantId, violations);
        if (request.SinceEpoch < 0)
        {
            violations.Add(new Violation("since_epoch", "must not be negative"));
        }

        var format = request.RulesetFormat;
        if (format is not (RulesetFormat.Unspecified or RulesetFormat.Nftables or RulesetFormat.JsonAcl))
        {
            violations.Add(new Violation("ruleset_format", "must be NFTABLES, JSON_ACL or unspecified (no rulesets)"));
        }
        else if (format == RulesetFormat.Unspecified && request.ModbusProxyPort != 0)
        {
            violations.Add(new Violation("modbus_proxy_port", "needs ruleset_format NFTABLES"));
        }
        else
        {
            Rulesets.CheckProxyPort(request.ModbusProxyPort, format, violations);
        }

        ThrowIfAny(violations, "watch");
        caller.Authorize(AdminAction.WatchDeltas, plant);

        var view = await views.GetAsync(plant, 0, context.CancellationToken);
        if (request.SinceEpoch > view.Epoch)
        {
            var current = await Plant(plant).GetEpochAsync(context.CancellationToken);
            if (request.SinceEpoch > current)
            {
                throw InvalidRequestException.Field("since_epoch", $"is beyond the plant's current epoch {current}; watch from 0 to resynchronise");
            }
        }

        // Cancelled as the call ends, or as its credential is revoked or expires (AuthInterceptor's guard, for every
        // caller); a point is also asked about at intervals.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(AuthInterceptor.CancellationOf(context));
        var revoked = false;
        var recheck = caller.Role == Role.EnforcementPoint ? RecheckAsync() : Task.CompletedTask;

        // A point bound to zones gets the ruleset of those that still exist (none left: it forwards nothing); an
        // unbound point or an administrator, the whole plant's.
        var scope = PointScope.Of(caller);
        IReadOnlyCollection<ZoneId>? bound = scope.IsWholePlant ? null : scope.Zones;
        Ruleset? Compile(PlantSnapshot snapshot) =>
            format == RulesetFormat.Unspecified
                ? null
                : Rulesets.Compile(snapshot, bound?.Where(z => snapshot.TryGetZone(z, out _)), format, request.ModbusProxyPort);
        try
        {
            var sent = Compile(view);
            if (sent is not null)
            {
                await responseStream.WriteAsync(
                    new WatchResponse { Epoch = sent.Epoch, Kind = RulesetKind, Ruleset = sent, At = Timestamp.FromDateTimeOffset(time.GetUtcNow()) },
                    watching.Token);
            }

            await foreach (var record in views.WatchAsync(plant, request.SinceEpoch, watching.Token))
            {
                var response = record.ToProto();
                if (sent is not null && record.Kind is "plant-definition-changed" or "quarantine-changed")
                {
                    // Compiled from the view at (or after) this delta; sent only when it differs from the last one.
                    var ruleset = Compile(await views.GetAsync(plant, record.Epoch, watching.Token))!;
                    if (ruleset.Sha256 != sent.Sha256)
                    {
                        response.Ruleset = sent = ruleset;
                    }
                }

                await responseStream.WriteAsync(response, watching.Token);
            }
        }
        catch (OperationCanceledException) when (revoked)
        {
            throw new UnauthenticatedException("The enforcement point's credential was revoked.");
        }
        finally
        {
            await watching.CancelAsync();
            await recheck;
        }

        // Revocations end the stream as soon as this process hears of them (AuthInterceptor); the point's grain,
        // asked at intervals, catches a point no longer enrolled.
        async Task RecheckAsync()
        {
            using var timer = new PeriodicTimer(WatchRecheck, time);
            try
            {
                while (await timer.WaitForNextTickAsync(watching.Token))
                {
                    bool active;
                    try
                    {
                        active = await credentials.IsActiveAsync(caller, fresh: true, watching.Token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        continue;
                    }

                    if (!active)
                    {
                        revoked = true;
                        await watching.CancelAsync();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        var (point, plant) = EnforcementPointOf(AuthInterceptor.CallerOf(context), "acknowledges deltas");
        var violations = new List<Violation>();
        if (request.Epoch < 0)
        {
            violations.Add(new Violation("epoch", "must not be negative"));
        }

        if (request.RulesetSha256.Length > 0 && (request.RulesetSha256.Length != 64 || !request.RulesetSha256.All(char.IsAsciiHexDigitLower)))
        {
            violations.Add(new Violation("ruleset_sha256", "must be a SHA-256 as 64 lower-case hex digits (empty: none)"));
        }

        ThrowIfAny(violations, "acknowledgement");

        var view = await views.GetAsync(plant, 0, context.CancellationToken);
        if (request.Epoch > view.Epoch)
        {
            var current = await Plant(plant).GetEpochAsync(context.CancellationToken);
            if (request.Epoch > current)
            {
                throw InvalidRequestException.Field("epoch", $"is beyond the plant's current epoch {current}");
            }
        }

        // A point revoked meanwhile is refused by its grain (UNAUTHENTICATED).
        var acknowledged = await Point(point).AcknowledgeAsync(request.Epoch, request.RulesetSha256, context.CancellationToken);
        if (request.Epoch > 0 && views.Recent(plant, request.Epoch) is { } record)
        {
            ZtFleet.Grains.Diagnostics.ZtFleetMetrics.RevocationLag.Record(
                Math.Max(0, (time.GetUtcNow() - record.At).TotalSeconds),
                new KeyValuePair<string, object?>(ZtFleet.Grains.Diagnostics.ZtFleetMetrics.PlantTag, plant.Value),
                new KeyValuePair<string, object?>("kind", record.Kind));
        }

        return new AckResponse { AcknowledgedEpoch = acknowledged.AcknowledgedEpoch };
    }

    public override async Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var (point, plant) = EnforcementPointOf(AuthInterceptor.CallerOf(context), "sends heartbeats", AdminAction.SendHeartbeat);
        await Point(point).HeartbeatAsync(context.CancellationToken);

        var view = await views.GetAsync(plant, 0, context.CancellationToken);
        return new HeartbeatResponse { PlantEpoch = view.Epoch };
    }

    public override async Task<RevokeEnforcementPointResponse> RevokeEnforcementPoint(RevokeEnforcementPointRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        if (!EnforcementPointId.TryParse(request.EnforcementPointId, out var id))
        {
            violations.Add(new Violation("enforcement_point_id", EntityId.Describe(request.EnforcementPointId)));
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            violations.Add(new Violation("reason", "is required"));
        }

        ThrowIfAny(violations, "revocation");
        var grain = cluster.GetGrain<IEnforcementPointGrain>(id.Value);
        var point = await grain.GetAsync(context.CancellationToken);
        // Unknown and out-of-scope look the same.
        var what = $"Enforcement point '{id}'";
        if (point is null)
        {
            throw new NotFoundException(what);
        }

        caller.Authorize(AdminAction.RevokePoint, point.Registration.Plant, what);

        await credentials.RevokeAsync(id, caller, request.Reason.Trim(), context.CancellationToken);
        await grain.RevokeAsync(context.CancellationToken);
        await audit.RevokedAsync(caller, point.Registration.Plant, id, request.Reason.Trim(), revokedNow: !point.Revoked);
        return new RevokeEnforcementPointResponse { EnforcementPointId = id.Value, PlantId = point.Registration.Plant.Value, RevokedNow = !point.Revoked };
    }

    public override async Task<GetPropagationStatusResponse> GetPropagationStatus(GetPropagationStatusRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var plant = ParsePlant(request.PlantId, violations);
        if (request.Epoch < 0)
        {
            violations.Add(new Violation("epoch", "must not be negative (0: the plant's current epoch)"));
        }

        if (request.SilentAfterSeconds < 0)
        {
            violations.Add(new Violation("silent_after_seconds", $"must not be negative (0: {DefaultSilentAfterSeconds})"));
        }

        ThrowIfAny(violations, "propagation status");
        caller.Authorize(AdminAction.ReadPropagation, plant);

        await views.GetAsync(plant, 0, context.CancellationToken);
        var plantGrain = Plant(plant);
        var current = await plantGrain.GetEpochAsync(context.CancellationToken);
        var epoch = request.Epoch == 0 ? current : request.Epoch;
        if (epoch > current)
        {
            throw InvalidRequestException.Field("epoch", $"is beyond the plant's current epoch {current}");
        }

        DateTimeOffset? recordedAt = null;
        if (epoch > 0)
        {
            recordedAt = (await plantGrain.ReadDeltasAsync(epoch - 1, 1, context.CancellationToken)).FirstOrDefault(r => r.Epoch == epoch)?.At;
        }

        var now = time.GetUtcNow();
        var silentAfter = TimeSpan.FromSeconds(request.SilentAfterSeconds == 0 ? DefaultSilentAfterSeconds : request.SilentAfterSeconds);
        var points = await plantGrain.ListEnforcementPointsAsync(context.CancellationToken);
        var statuses = await Task.WhenAll(points.Select(id => StatusAsync(id, plant, epoch, recordedAt, now, silentAfter, context.CancellationToken)));

        var response = new GetPropagationStatusResponse { PlantId = plant.Value, Epoch = epoch, RecordedAt = recordedAt.ToTimestamp() };
        response.EnforcementPoints.AddRange(statuses.OfType<EnforcementPointStatus>().OrderBy(s => s.EnforcementPointId, StringComparer.Ordinal));
        return response;
    }

    /// <summary>One point's view of <paramref name="epoch"/>; null for a revoked point (it no longer enforces).</summary>
    private async Task<EnforcementPointStatus?> StatusAsync(
        EnforcementPointId id, PlantId plant, long epoch, DateTimeOffset? recordedAt, DateTimeOffset now, TimeSpan silentAfter, CancellationToken cancellationToken)
    {
        var grain = Point(id);
        var point = await grain.GetAsync(cancellationToken);
        if (point is null || point.Revoked || point.Registration.Plant != plant)
        {
            return null;
        }

        var acknowledgedAt = epoch > 0 && point.AcknowledgedEpoch >= epoch ? await grain.AcknowledgedAtAsync(epoch, cancellationToken) : null;
        var lastSeen = point.LastHeartbeatAt ?? point.EnrolledAt;
        return new EnforcementPointStatus
        {
            EnforcementPointId = id.Value,
            Name = point.Registration.Name,
            AcknowledgedEpoch = point.AcknowledgedEpoch,
            AcknowledgedAt = acknowledgedAt.ToTimestamp(),
            LatencyMs = acknowledgedAt is { } at && recordedAt is { } recorded ? Math.Max(0, (long)(at - recorded).TotalMilliseconds) : -1,
            Behind = point.AcknowledgedEpoch < epoch,
            Silent = now - lastSeen > silentAfter,
            LastHeartbeatAt = point.LastHeartbeatAt.ToTimestamp(),
            RulesetSha256 = point.RulesetSha256 ?? string.Empty,
        };
    }

    private IPlantGrain Plant(PlantId plant) => cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant));

    private IEnforcementPointGrain Point(EnforcementPointId point) => cluster.GetGrain<IEnforcementPointGrain>(point.Value);

    private static (EnforcementPointId Point, PlantId Plant) EnforcementPointOf(Caller caller, string what, AdminAction action = AdminAction.ReportAsPoint)
    {
        caller.Authorize(action);
        return caller.EnforcementPoint is { } point
            ? (point, caller.Plants.Single())
            : throw new UnauthenticatedException($"The credential names no enforcement point that {what}.");
    }

    private static PlantId ParsePlant(string value, List<Violation> violations)
    {
        if (PlantId.TryParse(value, out var plant))
        {
            return plant;
        }

        violations.Add(new Violation("plant_id", EntityId.Describe(value)));
        return default;
    }

    private static void ThrowIfAny(List<Violation> violations, string what)
    {
        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"Invalid {what} request: {violations.Count} problem(s).", violations);
        }
    }

    private static AlreadyExistsException AlreadyEnrolled(EnforcementPointId point) =>
        new($"Enforcement point '{point}' is already enrolled; an enrollment token works once.");
}
