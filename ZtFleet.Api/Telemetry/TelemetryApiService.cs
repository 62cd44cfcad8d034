using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Options;
using ZtFleet.Api.PlantViews;
using ZtFleet.Api.Security;
using ZtFleet.Api.V1;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Refusals;
using ZtFleet.Grains.Telemetry;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Monitoring.Telemetry;
using ZtFleet.Policy.Text;

namespace ZtFleet.Api.Telemetry;

/// <summary>
/// <c>ztfleet.v1.TelemetryService</c>: enforcement points and sensors stream batches of events observed at their
/// plant (docs/telemetry.md); administrators read what each sender has sent and what was refused.
/// </summary>
/// <remarks>
/// <para>
/// A stream belongs to one sender, the credential's enforcement point or sensor, at the credential's plant. It opens
/// with an acknowledgement of sequence 0 that carries the sender's highest acknowledged sequence, then answers every
/// batch in order once its sender grain has processed it. Batches are normalised here, against this process's plant
/// view (<see cref="TelemetryNormalizer"/>, its address index built once per plant definition), so the cluster sees
/// one grain call per batch, never one per event.
/// </para>
/// <para>
/// A batch for another plant ends the stream with PERMISSION_DENIED (audited as every refusal); an oversize batch or
/// sequence 0 is refused in its acknowledgement, counted, and the stream goes on; a refused event never refuses its
/// batch. A sender over its share of this process waits (<see cref="TelemetryThrottle"/>) before its batch is
/// processed, and its stream is not read meanwhile.
/// </para>
/// </remarks>
public sealed class TelemetryApiService(
    IClusterClient cluster,
    PlantViewCache views,
    TelemetryThrottle throttle,
    IOptions<TelemetryOptions> options,
    ControlPlaneClock time,
    ZtFleet.Api.Export.DecisionExportWriter exports) : TelemetryService.TelemetryServiceBase
{
    private static readonly IReadOnlyDictionary<string, int> NoRefusals = new Dictionary<string, int>();

    public override async Task Ingest(IAsyncStreamReader<IngestBatch> requestStream, IServerStreamWriter<IngestAck> responseStream, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        caller.Authorize(AdminAction.IngestTelemetry);
        var sender = caller.EnforcementPoint ?? throw new UnauthenticatedException("The credential names no enforcement point or sensor.");
        var plant = caller.Plants.Single();
        var cancellationToken = AuthInterceptor.CancellationOf(context);
        var grain = cluster.GetGrain<ITelemetrySenderGrain>(GrainKeys.TelemetrySender(plant, sender));
        var window = options.Value.Window;

        var acknowledged = await grain.GetAcknowledgedAsync(cancellationToken);
        await responseStream.WriteAsync(new IngestAck { Sequence = 0, AcknowledgedSequence = acknowledged, Result = IngestResult.Accepted }, cancellationToken);

        while (await requestStream.MoveNext(cancellationToken))
        {
            var batch = requestStream.Current;
            if (!PlantId.TryParse(batch.PlantId, out var batchPlant))
            {
                throw InvalidRequestException.Field("plant_id", EntityId.Describe(batch.PlantId));
            }

            if (batchPlant != plant)
            {
                throw new PermissionDeniedException(
                    $"Sender '{sender}' sends telemetry for plant '{plant}' only; batch {batch.Sequence} names plant {Echo.Of(batch.PlantId)}.");
            }

            // Held back here, before the batch is processed and before the next one is read: back-pressure. An
            // oversize batch costs what the largest allowed one does (it is refused, not processed).
            var throttledMs = await throttle.WaitAsync(sender, Math.Min(batch.Events.Count, TelemetryLimits.MaxBatchEvents), cancellationToken);
            IngestAck ack;
            if (batch.Sequence == 0)
            {
                ack = Refused(0, await grain.RefuseAsync(0, TelemetryRefusalReasons.InvalidSequence, throttledMs, cancellationToken),
                    $"{TelemetryRefusalReasons.InvalidSequence}: sequences start at 1");
            }
            else if (batch.Events.Count > TelemetryLimits.MaxBatchEvents)
            {
                ack = Refused(batch.Sequence, await grain.RefuseAsync(batch.Sequence, TelemetryRefusalReasons.TooManyEvents, throttledMs, cancellationToken),
                    $"{TelemetryRefusalReasons.TooManyEvents}: {batch.Events.Count} events; at most {TelemetryLimits.MaxBatchEvents} per batch");
            }
            else if (batch.Sequence <= acknowledged)
            {
                // Known to be a duplicate: the grain counts it without the events being normalised again.
                var outcome = await grain.IngestAsync(new TelemetryBatch(batch.Sequence, [], 0, NoRefusals, 0, 0, throttledMs), cancellationToken);
                ack = Answer(batch.Sequence, outcome, null);
            }
            else
            {
                var snapshot = await views.GetAsync(plant, 0, cancellationToken);
                var normalized = TelemetryMapping.Normalize(batch, snapshot, window, time.GetUtcNow(), sender.Value);
                var outcome = await grain.IngestAsync(
                    new TelemetryBatch(batch.Sequence, JsonList.Of(normalized.Events), normalized.Refused, normalized.RefusedByReason, normalized.Uninventoried, batch.LostBefore, throttledMs),
                    cancellationToken);
                ack = Answer(batch.Sequence, outcome, normalized);
                if (outcome.Result == BatchResult.Accepted)
                {
                    exports.OfferTelemetry(normalized.Events);
                }
            }

            acknowledged = ack.AcknowledgedSequence;
            await responseStream.WriteAsync(ack, cancellationToken);
        }
    }

    public override async Task<GetTelemetryStatusResponse> GetTelemetryStatus(GetTelemetryStatusRequest request, ServerCallContext context)
    {
        var caller = AuthInterceptor.CallerOf(context);
        if (!PlantId.TryParse(request.PlantId, out var plant))
        {
            throw InvalidRequestException.Field("plant_id", EntityId.Describe(request.PlantId));
        }

        caller.Authorize(AdminAction.ReadTelemetry, plant);
        await views.GetAsync(plant, 0, context.CancellationToken);

        var senders = await cluster.GetGrain<ITelemetrySendersGrain>(GrainKeys.Plant(plant)).ListAsync(context.CancellationToken);
        var statuses = await Task.WhenAll(senders.Select(sender =>
            cluster.GetGrain<ITelemetrySenderGrain>(GrainKeys.TelemetrySender(plant, sender)).GetStatusAsync(context.CancellationToken)));
        var response = new GetTelemetryStatusResponse { PlantId = plant.Value };
        foreach (var status in statuses)
        {
            var message = new SenderStatus
            {
                SenderId = status.Sender,
                AcknowledgedSequence = status.AcknowledgedSequence,
                LastBatchAt = status.LastBatchAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
                Batches = status.Batches,
                DuplicateBatches = status.DuplicateBatches,
                RefusedBatches = status.RefusedBatches,
                EventsAccepted = status.EventsAccepted,
                EventsRefused = status.EventsRefused,
                EventsLostAtSender = status.EventsLostAtSender,
                UninventoriedEvents = status.UninventoriedEvents,
                ThrottledMs = status.ThrottledMs,
            };
            foreach (var (reason, count) in status.RefusedByReason)
            {
                message.RefusedByReason[reason] = count;
            }

            response.Senders.Add(message);
        }

        return response;
    }

    private static IngestAck Refused(ulong sequence, IngestOutcome outcome, string refusal) => new()
    {
        Sequence = sequence,
        AcknowledgedSequence = outcome.AcknowledgedSequence,
        Result = IngestResult.Refused,
        Refusal = refusal,
    };

    private static IngestAck Answer(ulong sequence, IngestOutcome outcome, NormalizedBatch? normalized)
    {
        var ack = new IngestAck
        {
            Sequence = sequence,
            AcknowledgedSequence = outcome.AcknowledgedSequence,
            Result = outcome.Result switch
            {
                BatchResult.Accepted => IngestResult.Accepted,
                BatchResult.Duplicate => IngestResult.Duplicate,
                _ => IngestResult.Refused,
            },
        };
        if (outcome.Result == BatchResult.Accepted && normalized is not null)
        {
            ack.EventsAccepted = (uint)normalized.Events.Count;
            ack.EventsRefused = (uint)normalized.Refused;
            foreach (var refusal in normalized.Refusals)
            {
                ack.Refusals.Add(new EventRefusal { Index = (uint)refusal.Index, Field = refusal.Field, Reason = refusal.Reason, Description = refusal.Description });
            }
        }

        return ack;
    }
}
