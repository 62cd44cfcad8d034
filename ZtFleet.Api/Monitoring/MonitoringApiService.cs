using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Orleans.Streams;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Monitoring;
using ZtFleet.Grains.Plants;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using Domain = ZtFleet.Policy.Monitoring.Detections;

namespace ZtFleet.Api.Monitoring;

/// <summary>
/// <c>ztfleet.v1.MonitoringService</c>: a plant's detections (list, get, watch, acknowledge, close, learn) and its
/// learning mode. Reads are for fleet admins, plant admins and auditors of the plant; triage and mode changes for
/// fleet admins and plant admins, each audited at the plant (<c>detection.*</c>, <c>monitoring.learning-*</c>).
/// </summary>
public sealed class MonitoringApiService(IClusterClient cluster, AuditWriter audit) : MonitoringService.MonitoringServiceBase
{
    /// <summary>The longest reason or comment.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>How many live detections a watcher may fall behind before its stream ends (it resumes by revision).</summary>
    public const int WatchBuffer = 4096;

    private const int ReplayPage = 500;

    public override async Task<ListDetectionsResponse> ListDetections(ListDetectionsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var query = ToQuery(request);
        caller.Authorize(AdminAction.ReadDetections, query.Plant);
        await RequirePlantAsync(query.Plant, context.CancellationToken);
        var page = await Monitor(query.Plant).ListDetectionsAsync(query, context.CancellationToken);
        var response = new ListDetectionsResponse
        {
            Total = page.Total,
            NextPageToken = page.NextBeforeSequence?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        };
        response.Detections.AddRange(page.Detections.Select(d => d.ToProto()));
        return response;
    }

    public override async Task<V1.Detection> GetDetection(GetDetectionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = ParseDetection(request.DetectionId);
        var what = $"Detection '{id}'";
        caller.Authorize(AdminAction.ReadDetections, plant, what);
        var detection = await Monitor(plant).GetDetectionAsync(id, context.CancellationToken);
        return detection?.ToProto() ?? throw new NotFoundException(what);
    }

    public override async Task WatchDetections(WatchDetectionsRequest request, IServerStreamWriter<WatchDetectionsResponse> responseStream, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var plant = Parse<PlantId>(request.PlantId, "plant_id", violations);
        if (request.SinceRevision < 0)
        {
            violations.Add(new Violation("since_revision", "must not be negative"));
        }
        else if (request.LiveOnly && request.SinceRevision != 0)
        {
            violations.Add(new Violation("since_revision", "must be 0 with live_only (a live watch replays nothing)"));
        }

        ThrowIfAny(violations);
        caller.Authorize(AdminAction.ReadDetections, plant!.Value);
        await RequirePlantAsync(plant.Value, context.CancellationToken);
        var monitor = Monitor(plant.Value);
        var current = await monitor.GetRevisionAsync(context.CancellationToken);
        if (request.SinceRevision > current)
        {
            throw InvalidRequestException.Field("since_revision", $"is beyond the plant's latest revision {current}; watch from 0 to resynchronise");
        }

        // Subscribe before replaying, so nothing changed during the replay is missed; what the replay already sent
        // (by revision) is skipped when it comes in live.
        var token = AuthInterceptor.CancellationOf(context);
        var live = Channel.CreateBounded<Domain.Detection>(new BoundedChannelOptions(WatchBuffer) { SingleReader = true });
        var overflowed = false;
        var subscription = await DetectionStreams.Of(cluster, plant.Value).SubscribeAsync((detection, _) =>
        {
            if (!live.Writer.TryWrite(detection))
            {
                overflowed = true;
                live.Writer.TryComplete();
            }

            return Task.CompletedTask;
        });
        try
        {
            // Live only: what the plant has now is not sent, only what changes after it.
            var sent = request.LiveOnly ? current : request.SinceRevision;
            if (!request.LiveOnly)
            {
                while (true)
                {
                    var changed = await monitor.ChangedAfterAsync(sent, ReplayPage, token);
                    foreach (var detection in changed)
                    {
                        await responseStream.WriteAsync(new WatchDetectionsResponse { Detection = detection.ToProto(), Replayed = true }, token);
                        sent = Math.Max(sent, detection.Revision);
                    }

                    if (changed.Count < ReplayPage)
                    {
                        break;
                    }
                }
            }

            await foreach (var detection in live.Reader.ReadAllAsync(token))
            {
                if (detection.Revision <= sent)
                {
                    continue;
                }

                await responseStream.WriteAsync(new WatchDetectionsResponse { Detection = detection.ToProto() }, token);
                sent = detection.Revision;
            }

            if (overflowed)
            {
                throw new TemporarilyUnavailableException(
                    $"The watcher fell more than {WatchBuffer} detections behind; reconnect with since_revision {sent} to resume without loss.");
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    public override async Task<V1.Detection> AcknowledgeDetection(AcknowledgeDetectionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = ParseDetection(request.DetectionId, (request.Comment, "comment", false));
        caller.Authorize(AdminAction.TriageDetections, plant, $"Detection '{id}'");
        var detection = await Monitor(plant).AcknowledgeAsync(id, caller.ToString(), context.CancellationToken);
        await AuditAsync(caller, detection, "detection.acknowledge", request.Comment);
        return detection.ToProto();
    }

    public override async Task<V1.Detection> CloseDetection(CloseDetectionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = ParseDetection(request.DetectionId, (request.Reason, "reason", true));
        caller.Authorize(AdminAction.TriageDetections, plant, $"Detection '{id}'");
        var detection = await Monitor(plant).CloseAsync(id, caller.ToString(), request.Reason.Trim(), context.CancellationToken);
        await AuditAsync(caller, detection, "detection.close", request.Reason);
        return detection.ToProto();
    }

    public override async Task<V1.Detection> LearnDetection(LearnDetectionRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (plant, id) = ParseDetection(request.DetectionId, (request.Reason, "reason", false));
        caller.Authorize(AdminAction.TriageDetections, plant, $"Detection '{id}'");
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        var detection = await Monitor(plant).LearnAsync(id, caller.ToString(), reason, context.CancellationToken);
        await AuditAsync(caller, detection, "detection.learn", request.Reason);
        return detection.ToProto();
    }

    public override async Task<V1.MonitoringMode> GetMonitoringMode(GetMonitoringModeRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var plant = Parse<PlantId>(request.PlantId, "plant_id", violations);
        ThrowIfAny(violations);
        caller.Authorize(AdminAction.ReadDetections, plant!.Value);
        var mode = await Monitor(plant.Value).GetModeAsync(context.CancellationToken);
        return mode.ToProto(plant.Value);
    }

    public override async Task<V1.MonitoringMode> SetLearningMode(SetLearningModeRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var plant = Parse<PlantId>(request.PlantId, "plant_id", violations);
        var zone = request.ZoneId.Length == 0 ? null : Parse<ZoneId>(request.ZoneId, "zone_id", violations);
        if (request.Action is not (LearningAction.End or LearningAction.Restart))
        {
            violations.Add(new Violation("action", "must be LEARNING_ACTION_END or LEARNING_ACTION_RESTART"));
        }

        CheckText(request.Reason, "reason", required: true, violations);
        ThrowIfAny(violations);
        caller.Authorize(AdminAction.ChangeMonitoringMode, plant!.Value);
        var restart = request.Action == LearningAction.Restart;
        var mode = await Monitor(plant.Value).SetLearningAsync(zone, restart, context.CancellationToken);
        await audit.RecordAsync(
            caller,
            plant.Value,
            restart ? "monitoring.learning-restart" : "monitoring.learning-end",
            zone is { } z ? $"{plant.Value}/{z.Value}" : plant.Value.Value,
            restart ? "learning" : "operational",
            new { zone = zone?.Value, reason = request.Reason.Trim(), endsAt = (zone is { } at ? mode.Zones.First(s => s.Zone == at) : mode.Plant).EndsAt });
        return mode.ToProto(plant.Value);
    }

    private IPlantMonitorGrain Monitor(PlantId plant) => cluster.GetGrain<IPlantMonitorGrain>(GrainKeys.Plant(plant));

    private async Task RequirePlantAsync(PlantId plant, CancellationToken cancellationToken)
    {
        if (await cluster.GetGrain<IPlantGrain>(GrainKeys.Plant(plant)).GetSummaryAsync(cancellationToken) is null)
        {
            throw new NotFoundException($"Plant '{plant}'");
        }
    }

    private Task AuditAsync(Caller caller, Domain.Detection detection, string action, string? note) =>
        audit.RecordAsync(caller, detection.Plant, action, detection.Id, Domain.DetectionSpelling.Of(detection.Status), new
        {
            type = Domain.DetectionSpelling.Of(detection.Finding.Type),
            severity = Domain.DetectionSpelling.Of(detection.Finding.Severity),
            asset = detection.Finding.Asset?.Value,
            identity = detection.Finding.Identity?.Value,
            key = detection.Finding.Key,
            note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            revision = detection.Revision,
        });

    private static Domain.DetectionQuery ToQuery(ListDetectionsRequest request)
    {
        var violations = new List<Violation>();
        var plant = Parse<PlantId>(request.PlantId, "plant_id", violations);
        var statuses = new List<Domain.DetectionStatus>();
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            var status = (Domain.DetectionStatus)(int)request.Statuses[i];
            if (status == Domain.DetectionStatus.Unspecified || !Enum.IsDefined(status))
            {
                violations.Add(new Violation($"statuses[{i}]", "must be OPEN, ACKNOWLEDGED, CLOSED or LEARNED"));
            }

            statuses.Add(status);
        }

        var types = new List<Domain.DetectionType>();
        for (var i = 0; i < request.Types_.Count; i++)
        {
            var type = (Domain.DetectionType)(int)request.Types_[i];
            if (type == Domain.DetectionType.Unspecified || !Enum.IsDefined(type))
            {
                violations.Add(new Violation($"types[{i}]", "must be a detection type other than UNSPECIFIED"));
            }

            types.Add(type);
        }

        var severity = (Severity)(int)request.MinSeverity;
        if (!Enum.IsDefined(severity))
        {
            violations.Add(new Violation("min_severity", "must be LOW, MEDIUM, HIGH, CRITICAL or UNSPECIFIED (any)"));
        }

        var asset = request.AssetId.Length == 0 ? null : Parse<AssetId>(request.AssetId, "asset_id", violations);
        var identity = request.IdentityId.Length == 0 ? null : Parse<IdentityId>(request.IdentityId, "identity_id", violations);
        var zone = request.ZoneId.Length == 0 ? null : Parse<ZoneId>(request.ZoneId, "zone_id", violations);
        var from = ProtoTime.Read(request.From, "from", violations, required: false);
        var to = ProtoTime.Read(request.To, "to", violations, required: false);
        if (from is { } f && to is { } t && t <= f)
        {
            violations.Add(new Violation("to", "must be after from"));
        }

        if (request.PageSize is < 0 or > Domain.DetectionQuery.MaxLimit)
        {
            violations.Add(new Violation("page_size", $"must be 0 (default 100) to {Domain.DetectionQuery.MaxLimit}"));
        }

        long? before = null;
        if (request.PageToken.Length > 0)
        {
            if (long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var token) && token > 0)
            {
                before = token;
            }
            else
            {
                violations.Add(new Violation("page_token", "is not a token this service issued"));
            }
        }

        ThrowIfAny(violations);
        return new Domain.DetectionQuery(plant!.Value)
        {
            Statuses = statuses,
            Types = types,
            MinSeverity = severity == Severity.Unspecified ? null : severity,
            Asset = asset,
            Identity = identity,
            Zone = zone,
            From = from,
            To = to,
            BeforeSequence = before,
            Limit = request.PageSize == 0 ? 100 : request.PageSize,
        };
    }

    /// <summary>The plant and id of a detection id, and a text, checked at once.</summary>
    private static (PlantId Plant, string Id) ParseDetection(string id, (string Value, string Field, bool Required)? text = null)
    {
        var violations = new List<Violation>();
        var plant = Domain.DetectionQuery.PlantOf(id);
        if (plant is null)
        {
            violations.Add(new Violation("detection_id", "is not a detection id (plant id, '-', and a number: berlin-17)"));
        }

        if (text is { } t)
        {
            CheckText(t.Value, t.Field, t.Required, violations);
        }

        ThrowIfAny(violations);
        return (plant!.Value, id);
    }

    private static void CheckText(string value, string field, bool required, List<Violation> violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                violations.Add(new Violation(field, "is required"));
            }
        }
        else if (value.Trim().Length > MaxReasonLength)
        {
            violations.Add(new Violation(field, $"is longer than {MaxReasonLength} characters"));
        }
    }

    private static T? Parse<T>(string value, string field, List<Violation> violations)
        where T : struct, IEntityId<T>
    {
        if (T.TryParse(value, out var id))
        {
            return id;
        }

        violations.Add(new Violation(field, EntityId.Describe(value)));
        return null;
    }

    private static void ThrowIfAny(List<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid request; see the field violations.", violations);
        }
    }
}
