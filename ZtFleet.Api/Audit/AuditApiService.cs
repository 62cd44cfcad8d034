using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Api.Validation;
using ZtFleet.Grains.Audit;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Inventory;
using Domain = ZtFleet.Policy.Audit;

namespace ZtFleet.Api.Audit;

/// <summary>
/// <c>ztfleet.v1.AuditService</c>: list a scope's audit records, verify its chain over a range, list and export its
/// signed checkpoints (docs/audit.md). A plant's scope is for fleet admins, auditors and the plant's admins
/// (<see cref="AdminAction.ReadAudit"/>); the <c>fleet</c> scope for fleet admins and auditors
/// (<see cref="AdminAction.ReadFleetAudit"/>).
/// </summary>
public sealed class AuditApiService(IClusterClient cluster, ControlPlaneClock time) : AuditService.AuditServiceBase
{
    /// <summary>The most records one export holds.</summary>
    public const int MaxExportRecords = 5000;

    /// <summary>The most checkpoints one export holds.</summary>
    public const int MaxExportCheckpoints = 10_000;

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var scope = ParseScope(request.Scope, violations);
        var from = ProtoTime.Read(request.From, "from", violations, required: false);
        var to = ProtoTime.Read(request.To, "to", violations, required: false);
        if (from is { } f && to is { } t && t <= f)
        {
            violations.Add(new Violation("to", "must be after from"));
        }

        var size = PageSize(request.PageSize, violations);
        var cursor = PageToken(request.PageToken, violations);
        ThrowIfAny(violations);
        Authorize(context, scope!);
        var page = await Chain(scope!).ListAsync(new Domain.AuditQuery
        {
            From = from,
            To = to,
            Actor = Optional(request.Actor),
            ActionPrefix = Optional(request.ActionPrefix),
            Target = Optional(request.Target),
            OldestFirst = request.OldestFirst,
            Cursor = cursor,
            Limit = size,
        }, context.CancellationToken);
        var response = new ListAuditRecordsResponse
        {
            NextPageToken = page.NextCursor?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        };
        response.Records.AddRange(page.Records.Select(r => ToProto(scope!, r)));
        return response;
    }

    public override async Task<VerifyAuditChainResponse> VerifyAuditChain(VerifyAuditChainRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var scope = ParseScope(request.Scope, violations);
        Range(request.FromSequence, request.ToSequence, violations);
        ThrowIfAny(violations);
        Authorize(context, scope!);
        var verification = await Chain(scope!).VerifyRangeAsync(Math.Max(1, request.FromSequence), request.ToSequence, context.CancellationToken);
        var response = new VerifyAuditChainResponse
        {
            Scope = scope,
            FromSequence = verification.From,
            ToSequence = verification.To,
            Checked = verification.Checked,
            Intact = verification.Intact,
            FirstBrokenSequence = verification.FirstBroken ?? 0,
            Reason = (AuditBreakReason)(int)verification.Break,
            Explanation = verification.Explanation,
        };
        response.Checkpoints.AddRange(verification.Checkpoints.Select(c => new CheckpointCheck
        {
            Checkpoint = ToProto(c.Checkpoint),
            SignatureValid = c.SignatureValid,
        }));
        return response;
    }

    public override async Task<ListAuditCheckpointsResponse> ListAuditCheckpoints(ListAuditCheckpointsRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var scope = ParseScope(request.Scope, violations);
        Range(request.FromSequence, request.ToSequence, violations);
        var size = PageSize(request.PageSize, violations);
        var after = PageToken(request.PageToken, violations) ?? 0;
        ThrowIfAny(violations);
        Authorize(context, scope!);
        var chain = Chain(scope!);
        var checkpoints = await chain.ListCheckpointsAsync(request.FromSequence, request.ToSequence, after, size + 1, context.CancellationToken);
        var more = checkpoints.Count > size;
        var key = await chain.GetSigningKeyAsync(context.CancellationToken);
        var response = new ListAuditCheckpointsResponse
        {
            NextPageToken = more ? checkpoints[size - 1].Sequence.ToString(CultureInfo.InvariantCulture) : string.Empty,
            Algorithm = key?.Algorithm ?? string.Empty,
            KeyId = key?.KeyId ?? string.Empty,
            PublicKeyPem = key?.PublicKeyPem ?? string.Empty,
        };
        response.Checkpoints.AddRange(checkpoints.Take(size).Select(ToProto));
        return response;
    }

    public override async Task<ExportAuditCheckpointsResponse> ExportAuditCheckpoints(ExportAuditCheckpointsRequest request, ServerCallContext context)
    {
        var violations = new List<Violation>();
        var scope = ParseScope(request.Scope, violations);
        Range(request.FromSequence, request.ToSequence, violations);
        ThrowIfAny(violations);
        Authorize(context, scope!);
        var chain = Chain(scope!);
        var cancellation = context.CancellationToken;
        var from = Math.Max(1, request.FromSequence);
        var to = request.ToSequence;
        if (to == 0)
        {
            // The head the grain knows may lag a checkpoint when the tail was cut: export up to the later one.
            var head = await chain.GetHeadAsync(cancellation);
            to = Math.Max(head.Sequence, await LastCheckpointAsync(chain, from, cancellation));
        }

        List<Domain.AuditRecord>? records = null;
        if (request.IncludeRecords)
        {
            to = Math.Min(to, from + MaxExportRecords - 1);
            records = [];
            var after = from - 1;
            while (after < to)
            {
                var page = await chain.ReadAsync(after, (int)Math.Min(1000, to - after), cancellation);
                records.AddRange(page.Where(r => r.Sequence <= to));
                if (page.Count == 0)
                {
                    break;
                }

                after = page[^1].Sequence;
            }
        }

        var checkpoints = new List<Domain.AuditCheckpoint>();
        long afterCheckpoint = 0;
        while (checkpoints.Count < MaxExportCheckpoints)
        {
            var page = await chain.ListCheckpointsAsync(from, Math.Max(to, 1), afterCheckpoint, 1000, cancellation);
            checkpoints.AddRange(page.Take(MaxExportCheckpoints - checkpoints.Count));
            if (page.Count < 1000)
            {
                break;
            }

            afterCheckpoint = page[^1].Sequence;
        }

        if (checkpoints.Count == MaxExportCheckpoints)
        {
            to = checkpoints[^1].Sequence;
            records?.RemoveAll(r => r.Sequence > to);
        }

        var key = await chain.GetSigningKeyAsync(cancellation);
        return new ExportAuditCheckpointsResponse
        {
            Document = Domain.AuditExport.Write(scope!, from, to, time.GetUtcNow(), key, records, checkpoints),
            Records = records?.Count ?? 0,
            Checkpoints = checkpoints.Count,
            ToSequence = to,
        };
    }

    private static async Task<long> LastCheckpointAsync(IAuditGrain chain, long from, CancellationToken cancellation)
    {
        long after = 0;
        while (true)
        {
            var page = await chain.ListCheckpointsAsync(from, 0, after, 1000, cancellation);
            if (page.Count == 0)
            {
                return after;
            }

            after = page[^1].Sequence;
            if (page.Count < 1000)
            {
                return after;
            }
        }
    }

    private IAuditGrain Chain(string scope) => cluster.GetGrain<IAuditGrain>(scope);

    /// <summary>A plant's scope needs ReadAudit at that plant; the fleet's, ReadFleetAudit.</summary>
    private static void Authorize(ServerCallContext context, string scope)
    {
        var caller = AuthInterceptor.CallerOf(context);
        if (scope == IAuditGrain.FleetScope)
        {
            caller.Authorize(AdminAction.ReadFleetAudit, what: $"Audit scope '{scope}'");
        }
        else
        {
            caller.Authorize(AdminAction.ReadAudit, PlantId.Parse(scope), $"Audit scope '{scope}'");
        }
    }

    private static string? ParseScope(string scope, List<Violation> violations)
    {
        if (scope == IAuditGrain.FleetScope || PlantId.TryParse(scope, out _))
        {
            return scope;
        }

        violations.Add(new Violation("scope", $"must be \"{IAuditGrain.FleetScope}\" or a plant id: {EntityId.Describe(scope)}"));
        return null;
    }

    private static void Range(long from, long to, List<Violation> violations)
    {
        if (from < 0)
        {
            violations.Add(new Violation("from_sequence", "must not be negative"));
        }

        if (to < 0)
        {
            violations.Add(new Violation("to_sequence", "must not be negative"));
        }
        else if (to > 0 && to < from)
        {
            violations.Add(new Violation("to_sequence", "must be 0 (the head) or at least from_sequence"));
        }
    }

    private static int PageSize(int size, List<Violation> violations)
    {
        if (size is < 0 or > Domain.AuditQuery.MaxLimit)
        {
            violations.Add(new Violation("page_size", $"must be 0 (default 100) to {Domain.AuditQuery.MaxLimit}"));
        }

        return size == 0 ? 100 : size;
    }

    private static long? PageToken(string token, List<Violation> violations)
    {
        if (token.Length == 0)
        {
            return null;
        }

        if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0)
        {
            return sequence;
        }

        violations.Add(new Violation("page_token", "is not a token this service issued"));
        return null;
    }

    private static string? Optional(string value) => value.Length == 0 ? null : value;

    private static ChainRecord ToProto(string scope, Domain.AuditRecord record) => new()
    {
        Scope = scope,
        Sequence = record.Sequence,
        PlantId = record.Entry.Plant ?? string.Empty,
        At = Timestamp.FromDateTimeOffset(record.Entry.At),
        Actor = record.Entry.Actor,
        Action = record.Entry.Action,
        Target = record.Entry.Target,
        Outcome = record.Entry.Outcome,
        Detail = record.Entry.Detail,
        PreviousHash = Convert.ToHexStringLower(record.PreviousHash),
        Hash = Convert.ToHexStringLower(record.Hash),
    };

    private static SignedCheckpoint ToProto(Domain.AuditCheckpoint checkpoint) => new()
    {
        Scope = checkpoint.Scope,
        Sequence = checkpoint.Sequence,
        Hash = Convert.ToHexStringLower(checkpoint.Hash),
        At = Timestamp.FromDateTimeOffset(checkpoint.At),
        Algorithm = checkpoint.Algorithm,
        KeyId = checkpoint.KeyId,
        Signature = ByteString.CopyFrom(checkpoint.Signature),
        Payload = Domain.AuditCheckpoints.PayloadText(checkpoint.Scope, checkpoint.Sequence, checkpoint.Hash, checkpoint.At),
    };

    private static void ThrowIfAny(List<Violation> violations)
    {
        if (violations.Count > 0)
        {
            throw new InvalidRequestException("Invalid request; see the field violations.", violations);
        }
    }
}
