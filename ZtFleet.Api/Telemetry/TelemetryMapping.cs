using ZtFleet.Api.Validation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Monitoring.Telemetry;
using Proto = ZtFleet.Api.V1;

namespace ZtFleet.Api.Telemetry;

/// <summary>
/// Reads a batch's protobuf events into the pure core's <see cref="TelemetryNormalizer"/>, which checks, resolves and
/// refuses; this only unpacks fields (no per-event objects beyond what the model keeps).
/// </summary>
public static class TelemetryMapping
{
    /// <summary>The batch's events, normalised against <paramref name="snapshot"/>.</summary>
    public static NormalizedBatch Normalize(Proto.IngestBatch batch, PlantSnapshot snapshot, TelemetryWindow window, DateTimeOffset now, string sender)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var normalizer = new TelemetryNormalizer(snapshot, window, now, sender, batch.Sequence, batch.Events.Count);
        foreach (var e in batch.Events)
        {
            DateTimeOffset? at = null;
            if (e.At is { } timestamp)
            {
                at = ProtoTime.TryRead(timestamp, out var problem);
                if (at is null)
                {
                    normalizer.Refuse("at", TelemetryRefusalReasons.InvalidValue, $"at {problem}");
                    continue;
                }
            }

            switch (e.KindCase)
            {
                case Proto.TelemetryEvent.KindOneofCase.Flow:
                    var flow = e.Flow;
                    DateTimeOffset? end = null;
                    if (flow.End is { } endTimestamp && (end = ProtoTime.TryRead(endTimestamp, out var endProblem)) is null)
                    {
                        normalizer.Refuse("flow.end", TelemetryRefusalReasons.InvalidValue, $"end {endProblem}");
                        break;
                    }

                    normalizer.AddFlow(at, new RawFlow(
                        Endpoint(flow.Source), Endpoint(flow.Destination), flow.Transport, flow.Protocol, flow.Bytes, flow.Packets,
                        end, (FlowAction)(int)flow.Action, flow.Rule));
                    break;
                case Proto.TelemetryEvent.KindOneofCase.OtTransaction:
                    var t = e.OtTransaction;
                    normalizer.AddOtTransaction(at, new RawOtTransaction(
                        Endpoint(t.Source), Endpoint(t.Destination), t.Protocol, t.Operation, t.FunctionCode,
                        t.HasUnit ? t.Unit : null, t.HasAddress ? t.Address : null, t.HasQuantity ? t.Quantity : null,
                        t.HasException ? t.Exception : null, (OtOutcome)(int)t.Outcome, t.Rule, t.IdentityId));
                    break;
                case Proto.TelemetryEvent.KindOneofCase.Authentication:
                    var a = e.Authentication;
                    normalizer.AddAuthentication(at, new RawAuthentication(a.User, a.Method, a.Success, Endpoint(a.Source), Endpoint(a.Target), a.Reason));
                    break;
                case Proto.TelemetryEvent.KindOneofCase.AccessDecision:
                    var d = e.AccessDecision;
                    normalizer.AddAccessDecision(at, new RawAccessDecision(
                        d.IdentityId, d.AssetId, d.ZoneId, (Operation)(int)d.Operation, d.Allowed, d.Reason, d.Emergency, Endpoint(d.Source)));
                    break;
                case Proto.TelemetryEvent.KindOneofCase.AssetChange:
                    var c = e.AssetChange;
                    normalizer.AddAssetChange(at, new RawAssetChange(
                        c.AssetId, c.Ip, (AssetChangeKind)(int)c.Change, c.From, c.To, Endpoint(c.By), c.IdentityId));
                    break;
                default:
                    normalizer.Refuse("kind", TelemetryRefusalReasons.UnknownKind,
                        "no kind of event is set (flow, ot_transaction, authentication, access_decision or asset_change)");
                    break;
            }
        }

        return normalizer.Build();
    }

    private static RawEndpoint Endpoint(Proto.Endpoint? endpoint) =>
        endpoint is null ? default : new RawEndpoint(endpoint.Ip, endpoint.Port);
}
