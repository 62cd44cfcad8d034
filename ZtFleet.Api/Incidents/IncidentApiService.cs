using System.Threading.Channels;
using Grpc.Core;
using Orleans.Streams;
using ZtFleet.Api.Audit;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Incidents;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Monitoring;
using Domain = ZtFleet.Policy.Response.Incidents;

namespace ZtFleet.Api.Incidents;

/// <summary>
/// <c>ztfleet.v1.IncidentService</c>: the fleet's incidents (list, get, watch, assign, comment, close). Reads for fleet
/// admins, auditors and plant admins (a plant admin sees its plants' part of an incident that spans others: see
/// <see cref="Policy.Authorization.IncidentVisibility"/>); changes for fleet admins and plant admins, each audited
/// (<c>incident.assign</c>, <c>incident.comment</c>, <c>incident.close</c>) at the incident's plant, or in the fleet's
/// chain for an incident that spans plants.
/// </summary>
public sealed class IncidentApiService(IClusterClient cluster, AuditWriter audit) : IncidentService.IncidentServiceBase
{
    /// <summary>The longest reason or comment.</summary>
    public const int MaxTextLength = 1000;

    /// <summary>The longest owner subject.</summary>
    public const int MaxOwnerLength = 128;

    /// <summary>How many change notices a watcher may fall behind before its stream ends (it resumes by revision).</summary>
    public const int WatchBuffer = 4096;

    private const int ReplayPage = 200;

    private IIncidentCorrelatorGrain Incidents => cluster.GetGrain<IIncidentCorrelatorGrain>(IIncidentCorrelatorGrain.Fleet);

    public override async Task<ListIncidentsResponse> ListIncidents(ListIncidentsRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var (query, plant) = ToQuery(request);
        caller.Authorize(AdminAction.ReadIncidents, plant);
        var fleetWide = Policy.Authorization.Authorizer.IsFleetWide(caller.Role);
        var response = new ListIncidentsResponse();
        if (plant is null && !fleetWide)
        {
            if (caller.Plants.Count == 0)
            {
                return response;
            }

            query = query with { Plants = [.. caller.Plants] };
        }

        var page = await Incidents.ListAsync(query, context.CancellationToken);
        // A plant-scoped caller's views are filtered again: a view must match on what the caller can see of it.
        var unpaged = query with { After = null };
        response.Incidents.AddRange(page.Incidents
            .Select(i => Policy.Authorization.IncidentVisibility.View(caller.Principal, i))
            .OfType<Domain.Incident>()
            .Where(v => !v.Partial || unpaged.Matches(v))
            .Select(v => v.ToProto()));
        response.NextPageToken = page.Next?.Format() ?? string.Empty;
        return response;
    }

    public override async Task<Incident> GetIncident(GetIncidentRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var id = ParseId(request.IncidentId);
        caller.Authorize(AdminAction.ReadIncidents, null, $"Incident '{id}'");
        var incident = await Incidents.GetAsync(id, context.CancellationToken);
        return (incident is null ? null : Policy.Authorization.IncidentVisibility.View(caller.Principal, incident))?.ToProto()
            ?? throw new NotFoundException($"Incident '{id}'");
    }

    public override async Task WatchIncidents(WatchIncidentsRequest request, IServerStreamWriter<WatchIncidentsResponse> responseStream, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        if (request.SinceRevision < 0)
        {
            throw InvalidRequestException.Field("since_revision", "must not be negative");
        }

        if (request.LiveOnly && request.SinceRevision != 0)
        {
            throw InvalidRequestException.Field("since_revision", "must be 0 with live_only (a live watch replays nothing)");
        }

        caller.Authorize(AdminAction.ReadIncidents);
        var incidents = Incidents;
        var current = await incidents.GetRevisionAsync(context.CancellationToken);
        if (request.SinceRevision > current)
        {
            throw InvalidRequestException.Field("since_revision", $"is beyond the latest revision {current}; watch from 0 to resynchronise");
        }

        // Subscribe before replaying, so nothing changed during the replay is missed; notices are only a signal to read
        // what changed after the last revision sent.
        var token = AuthInterceptor.CancellationOf(context);
        var live = Channel.CreateBounded<long>(new BoundedChannelOptions(WatchBuffer) { SingleReader = true });
        var overflowed = false;
        var subscription = await IncidentStreams.Of(cluster).SubscribeAsync((notice, _) =>
        {
            if (!live.Writer.TryWrite(notice.Revision))
            {
                overflowed = true;
                live.Writer.TryComplete();
            }

            return Task.CompletedTask;
        });
        try
        {
            var sent = request.LiveOnly ? current : request.SinceRevision;
            var replayedAny = false;
            if (!request.LiveOnly)
            {
                var before = sent;
                sent = await SendChangedAsync(sent, replayed: true);
                replayedAny = sent != before;
            }

            if (!replayedAny)
            {
                // The headers tell a client the watch is live: what changes from now on reaches it as live changes.
                await context.WriteResponseHeadersAsync(new Metadata());
            }

            await foreach (var revision in live.Reader.ReadAllAsync(token))
            {
                if (revision > sent)
                {
                    sent = await SendChangedAsync(sent, replayed: false);
                }
            }

            if (overflowed)
            {
                throw new TemporarilyUnavailableException(
                    $"The watcher fell more than {WatchBuffer} changes behind; reconnect with since_revision {sent} to resume without loss.");
            }
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }

        async Task<long> SendChangedAsync(long after, bool replayed)
        {
            while (true)
            {
                var changed = await incidents.ChangedAfterAsync(after, ReplayPage, token);
                foreach (var incident in changed)
                {
                    if (Policy.Authorization.IncidentVisibility.View(caller.Principal, incident) is { } view)
                    {
                        await responseStream.WriteAsync(new WatchIncidentsResponse { Incident = view.ToProto(), Replayed = replayed }, token);
                    }

                    after = Math.Max(after, incident.Revision);
                }

                if (changed.Count < ReplayPage)
                {
                    return after;
                }
            }
        }
    }

    public override async Task<Incident> AssignIncident(AssignIncidentRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var id = ParseId(request.IncidentId, violations);
        var owner = request.Owner.Trim();
        if (owner.Length > MaxOwnerLength || owner.Any(char.IsControl))
        {
            violations.Add(new Violation("owner", $"must be a subject of at most {MaxOwnerLength} characters without control characters"));
        }

        ThrowIfAny(violations);
        var incident = await AuthorizeChangeAsync(caller, id, wholeIncident: true, context.CancellationToken);
        var changed = await Incidents.AssignAsync(id, owner.Length == 0 ? caller.Subject : owner, caller.ToString(), context.CancellationToken);
        await AuditAsync(caller, incident, "incident.assign", new { owner = changed.Owner });
        return View(caller, changed);
    }

    public override async Task<Incident> CommentIncident(CommentIncidentRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var id = ParseId(request.IncidentId, violations);
        CheckText(request.Text, "text", violations);
        ThrowIfAny(violations);
        var incident = await AuthorizeChangeAsync(caller, id, wholeIncident: false, context.CancellationToken);
        var plant = Policy.Authorization.IncidentVisibility.CommentPlant(caller.Principal, incident);
        var changed = await Incidents.CommentAsync(id, caller.ToString(), request.Text.Trim(), plant, context.CancellationToken);
        await AuditAsync(caller, incident, "incident.comment", new { text = request.Text.Trim(), plant = plant?.Value });
        return View(caller, changed);
    }

    public override async Task<Incident> CloseIncident(CloseIncidentRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        var violations = new List<Violation>();
        var id = ParseId(request.IncidentId, violations);
        CheckText(request.Reason, "reason", violations);
        ThrowIfAny(violations);
        var incident = await AuthorizeChangeAsync(caller, id, wholeIncident: true, context.CancellationToken);
        var changed = await Incidents.CloseAsync(id, caller.ToString(), request.Reason.Trim(), context.CancellationToken);
        await AuditAsync(caller, incident, "incident.close", new { reason = request.Reason.Trim() });
        return View(caller, changed);
    }

    private async Task<Domain.Incident> AuthorizeChangeAsync(Caller caller, string id, bool wholeIncident, CancellationToken cancellationToken)
    {
        var what = $"Incident '{id}'";
        caller.Authorize(AdminAction.ReadIncidents, null, what);
        var incident = await Incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException(what);
        caller.Require(Policy.Authorization.IncidentVisibility.DecideChange(caller.Principal, incident, wholeIncident), what);
        return incident;
    }

    private static Incident View(Caller caller, Domain.Incident incident) =>
        (Policy.Authorization.IncidentVisibility.View(caller.Principal, incident) ?? incident).ToProto();

    private Task AuditAsync(Caller caller, Domain.Incident incident, string action, object detail) =>
        audit.RecordAsync(
            caller,
            incident.Plants.Count == 1 ? incident.Plants[0] : null,
            action,
            incident.Id,
            "changed",
            new { plants = incident.Plants.Select(p => p.Value), detail });

    private static (Domain.IncidentQuery Query, PlantId? Plant) ToQuery(ListIncidentsRequest request)
    {
        var violations = new List<Violation>();
        var statuses = new List<Domain.IncidentStatus>();
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            var status = (Domain.IncidentStatus)(int)request.Statuses[i];
            if (status == Domain.IncidentStatus.Unspecified || !Enum.IsDefined(status))
            {
                violations.Add(new Violation($"statuses[{i}]", "must be OPEN, INVESTIGATING or CLOSED"));
            }

            statuses.Add(status);
        }

        var severity = (Severity)(int)request.MinSeverity;
        if (!Enum.IsDefined(severity))
        {
            violations.Add(new Violation("min_severity", "must be LOW, MEDIUM, HIGH, CRITICAL or UNSPECIFIED (any)"));
        }

        var plant = request.PlantId.Length == 0 ? null : Parse<PlantId>(request.PlantId, "plant_id", violations);
        var identity = request.IdentityId.Length == 0 ? null : Parse<IdentityId>(request.IdentityId, "identity_id", violations);
        var asset = request.AssetId.Length == 0 ? null : Parse<AssetId>(request.AssetId, "asset_id", violations);
        var from = ProtoTime.Read(request.From, "from", violations, required: false);
        var to = ProtoTime.Read(request.To, "to", violations, required: false);
        if (from is { } f && to is { } t && t <= f)
        {
            violations.Add(new Violation("to", "must be after from"));
        }

        if (request.PageSize is < 0 or > Domain.IncidentQuery.MaxLimit)
        {
            violations.Add(new Violation("page_size", $"must be 0 (default 100) to {Domain.IncidentQuery.MaxLimit}"));
        }

        Domain.IncidentCursor? after = null;
        if (request.PageToken.Length > 0)
        {
            after = Domain.IncidentCursor.TryParse(request.PageToken);
            if (after is null || !Domain.IncidentIds.IsValid(after.Id))
            {
                violations.Add(new Violation("page_token", "is not a token this service issued"));
            }
        }

        ThrowIfAny(violations);
        var query = new Domain.IncidentQuery
        {
            Statuses = statuses,
            MinSeverity = severity == Severity.Unspecified ? null : severity,
            Plants = plant is { } p ? [p] : [],
            Identity = identity,
            Asset = asset,
            From = from,
            To = to,
            After = after,
            Limit = request.PageSize == 0 ? 100 : request.PageSize,
        };
        return (query, plant);
    }

    private static string ParseId(string id, List<Violation>? violations = null)
    {
        var own = violations ?? [];
        if (!Domain.IncidentIds.IsValid(id))
        {
            own.Add(new Violation("incident_id", "is not an incident id (inc- and a number: inc-42)"));
        }

        if (violations is null)
        {
            ThrowIfAny(own);
        }

        return id;
    }

    private static void CheckText(string value, string field, List<Violation> violations)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            violations.Add(new Violation(field, "is required"));
        }
        else if (value.Trim().Length > MaxTextLength)
        {
            violations.Add(new Violation(field, $"is longer than {MaxTextLength} characters"));
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
