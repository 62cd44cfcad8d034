using System.Globalization;
using Grpc.Core;
using ZtFleet.Api.Mapping;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Fleet;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Inventory;
using ZtFleet.Policy.Versions;
using GrainFleetVersion = ZtFleet.Grains.Fleet.FleetVersion;
using VersionSource = ZtFleet.Policy.Versions.FleetVersionSource;

namespace ZtFleet.Api.Fleet;

/// <summary>The fleet versions of <c>FleetService</c> (docs/fleet-versions.md): list, get, diff, roll back.</summary>
public sealed partial class FleetApiService
{
    private const int DefaultVersionPageSize = 50;

    private IFleetVersionsGrain Versions => cluster.GetGrain<IFleetVersionsGrain>(GrainKeys.Fleet);

    public override async Task<ListFleetVersionsResponse> ListFleetVersions(ListFleetVersionsRequest request, ServerCallContext context)
    {
        AuthInterceptor.CallerOf(context).Authorize(AdminAction.ReadFleetVersions);
        var pageSize = request.PageSize switch
        {
            0 => DefaultVersionPageSize,
            < 0 or > MaxPageSize => throw InvalidRequestException.Field("page_size", $"must be between 1 and {MaxPageSize}"),
            var size => size,
        };
        long? before = null;
        if (request.PageToken.Length > 0)
        {
            before = long.TryParse(request.PageToken, NumberStyles.None, CultureInfo.InvariantCulture, out var token) && token > 1
                ? token
                : throw InvalidRequestException.Field("page_token", "is not a page token this service issued (next_page_token of the previous page)");
        }

        var page = await Versions.ListAsync(before, pageSize, context.CancellationToken);
        var response = new ListFleetVersionsResponse
        {
            Total = page.Total,
            NextPageToken = page.NextBefore?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        };
        response.Versions.AddRange(page.Versions.Select(ToProto));
        return response;
    }

    public override async Task<GetFleetVersionResponse> GetFleetVersion(GetFleetVersionRequest request, ServerCallContext context)
    {
        AuthInterceptor.CallerOf(context).Authorize(AdminAction.ReadFleetVersions);
        var version = await VersionAsync(request.Version, "version", context);
        return new GetFleetVersionResponse { Version = ToProto(version.Version), Document = version.Document };
    }

    public override async Task<DiffFleetVersionsResponse> DiffFleetVersions(DiffFleetVersionsRequest request, ServerCallContext context)
    {
        AuthInterceptor.CallerOf(context).Authorize(AdminAction.ReadFleetVersions);
        var violations = new List<Violation>();
        CheckNumber(request.FromVersion, "from_version", violations);
        CheckNumber(request.ToVersion, "to_version", violations);
        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Name two fleet versions; see the field violations.", violations);
        }

        var changes = await Versions.DiffAsync(request.FromVersion, request.ToVersion, context.CancellationToken);
        var response = new DiffFleetVersionsResponse();
        response.Changes.AddRange(changes.Select(c => c.ToProto()));
        return response;
    }

    public override async Task<RollbackFleetResponse> RollbackFleet(RollbackFleetRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        if (request.DryRun && caller.IsAllowed(AdminAction.PreviewFleet))
        {
            // A preview of the whole fleet document: whoever may preview every document and read versions.
            caller.Authorize(AdminAction.ReadFleetVersions);
        }
        else
        {
            caller.Authorize(AdminAction.RollbackFleet);
        }

        var violations = new List<Violation>();
        CheckNumber(request.Version, "version", violations);
        violations.AddRange(ChangeNote.Check(request.Reason, request.ChangeTicket, reasonRequired: true, "a rollback must say why the fleet goes back"));
        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"{violations.Count} problem(s) with the rollback; nothing was applied.", violations);
        }

        var version = await VersionAsync(request.Version, "version", context);
        var overview = await Fleet.GetOverviewAsync(context.CancellationToken);
        var read = FleetDocumentReader.Read(version.Document, overview.Plants.ToHashSet());
        if (!read.IsValid)
        {
            throw new PreconditionFailedException(
                $"Fleet version {request.Version} no longer reads as a valid fleet document ({read.Violations[0].Field}: {read.Violations[0].Description}); nothing was applied.");
        }

        var document = read.Document!;
        var options = new FleetApplyOptions(request.DryRun, Prune: true, caller.ToString(), request.Reason, request.ChangeTicket, VersionSource.Rollback, request.Version);
        var result = await MeasuredApplyAsync(options, () => Fleet.ApplyAsync(document, options, context.CancellationToken));
        if (result.Violations.Count > 0)
        {
            throw new InvalidRequestException(
                $"Rolling back to version {request.Version} would leave the fleet with {result.Violations.Count} problem(s); nothing was applied.", result.Violations);
        }

        if (!request.DryRun)
        {
            await AuditChangedAsync(caller, "fleet.rollback", result, options);
        }

        return new RollbackFleetResponse { Result = await AnswerAsync(caller, document, request.DryRun, result, context) };
    }

    /// <summary>The reason and ticket of an apply, checked at the edge (whether a reason is required is the fleet grain's to say).</summary>
    private static void CheckChangeNote(string reason, string ticket)
    {
        var violations = ChangeNote.Check(reason, ticket, reasonRequired: false, string.Empty);
        if (violations.Count > 0)
        {
            throw new InvalidRequestException($"{violations[0].Field} {violations[0].Description}; nothing was applied.", violations);
        }
    }

    /// <summary>An applied change in the audit trail, with the fleet version it made, its reason and ticket.</summary>
    private Task AuditChangedAsync(Caller caller, string action, FleetApplyResult result, FleetApplyOptions options) =>
        audit.ChangedAsync(caller, action, result.Changes, result.Generation, result.Version, ChangeNote.Normalize(options.Reason), ChangeNote.Normalize(options.Ticket));

    private async Task<FleetVersionDocument> VersionAsync(long number, string field, ServerCallContext context)
    {
        var violations = new List<Violation>();
        CheckNumber(number, field, violations);
        if (violations.Count > 0)
        {
            throw new InvalidRequestException(violations[0].Description, violations);
        }

        return await Versions.GetAsync(number, context.CancellationToken) ?? throw new NotFoundException($"Fleet version {number}");
    }

    private static void CheckNumber(long number, string field, List<Violation> violations)
    {
        if (number <= 0)
        {
            violations.Add(new Violation(field, number == 0 ? "is required: a fleet version number (1, 2, ...)" : "must be a fleet version number (1, 2, ...)"));
        }
    }

    private static V1.FleetVersion ToProto(GrainFleetVersion version) => new()
    {
        Version = version.Number,
        DocumentHash = version.DocumentHash,
        Actor = version.Actor,
        At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(version.At),
        Reason = version.Reason ?? string.Empty,
        ChangeTicket = version.Ticket ?? string.Empty,
        Source = version.Source switch
        {
            VersionSource.Apply => V1.FleetVersionSource.Apply,
            VersionSource.Import => V1.FleetVersionSource.Import,
            VersionSource.Rollback => V1.FleetVersionSource.Rollback,
            _ => V1.FleetVersionSource.Unspecified,
        },
        RollbackOf = version.RollbackOf ?? 0,
        Added = version.Added,
        Changed = version.Changed,
        Removed = version.Removed,
        ApplyId = version.ApplyId.ToString(),
    };
}
