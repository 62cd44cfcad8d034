using Microsoft.Extensions.Logging;
using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Propagation;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <summary>The delta log and epochs: append (durable before anyone is told), absorb, publish, checkpoint, replay.</summary>
public sealed partial class PlantGrain
{
    /// <summary>
    /// How many deltas may pass between two runtime checkpoints: each checkpoint rewrites the plant's identities (a
    /// few hundred KB on a large plant), so it is amortised over this many changes, and an activation replays at
    /// most this many deltas (plus whatever a crash left).
    /// </summary>
    internal const int CheckpointEvery = 64;

    private const int ReplayPage = 1000;

    /// <summary>The epoch the stored runtime checkpoint reflects.</summary>
    private long _checkpointedEpoch;

    /// <summary>
    /// How many bytes of payload one page of <see cref="ReadDeltasAsync"/> carries at most (at least one record): a
    /// plant's definitions are megabytes each, and a page of them must stay far below Orleans' message size limit
    /// (100 MiB) instead of failing the reader's every catch-up.
    /// </summary>
    internal const int PageBytes = 8 * 1024 * 1024;

    public async Task<IReadOnlyList<DeltaRecord>> ReadDeltasAsync(long afterEpoch, int limit, CancellationToken cancellationToken = default)
    {
        var records = await deltaLog.ReadAsync(Id.Value, afterEpoch, Math.Clamp(limit, 1, 10_000), cancellationToken);
        var bytes = 0L;
        for (var i = 0; i < records.Count; i++)
        {
            bytes += records[i].Payload.Length;
            if (bytes > PageBytes && i > 0)
            {
                return records.Take(i).ToList();
            }
        }

        return records;
    }

    public Task<long> GetEpochAsync(CancellationToken cancellationToken = default) => Task.FromResult(runtime.State.Epoch);

    private async Task ReplayLogAsync(CancellationToken cancellationToken)
    {
        _checkpointedEpoch = runtime.State.Epoch;
        var replayed = 0;
        while (true)
        {
            var records = await deltaLog.ReadAsync(Id.Value, runtime.State.Epoch, ReplayPage, cancellationToken);
            foreach (var record in records)
            {
                Absorb(DeltaSerializer.FromRecord(record));
                runtime.State.Epoch = record.Epoch;
                replayed++;
            }

            if (records.Count < ReplayPage)
            {
                break;
            }
        }

        if (replayed > 0)
        {
            logger.LogDebug("Plant {Plant}: replayed {Count} deltas after its checkpoint, now at epoch {Epoch}", Id, replayed, runtime.State.Epoch);
        }

        if (replayed >= CheckpointEvery)
        {
            await CheckpointAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Gives <paramref name="delta"/> the next epoch, stores it in the delta log (durable before anyone is told),
    /// absorbs it into the runtime state (checkpointed later: the log already holds it), then publishes it.
    /// A command retried with the same key finds its first epoch and changes nothing.
    /// </summary>
    private async Task<long> AppendAsync(PlantDelta delta, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var stamped = delta with { Epoch = runtime.State.Epoch + 1, At = time.GetUtcNow() };
        var record = DeltaSerializer.ToRecord(stamped, idempotencyKey);
        DeltaAppendResult result;
        try
        {
            result = await deltaLog.AppendAsync(Id.Value, record, cancellationToken);
        }
        catch (DeltaEpochConflictException)
        {
            // Another activation wrote this epoch: this one is stale. Deactivate so the next call re-reads the log.
            DeactivateOnIdle();
            throw;
        }

        if (result.Duplicate)
        {
            return result.Epoch;
        }

        Absorb(stamped);
        runtime.State.Epoch = stamped.Epoch;
        await PublishAsync(record);
        return stamped.Epoch;
    }

    /// <summary>Writes the runtime checkpoint once enough deltas have passed since the last one.</summary>
    private Task CheckpointIfDueAsync(CancellationToken cancellationToken) =>
        runtime.State.Epoch - _checkpointedEpoch >= CheckpointEvery ? CheckpointAsync(cancellationToken) : Task.CompletedTask;

    private async Task CheckpointAsync(CancellationToken cancellationToken)
    {
        await runtime.WriteStateAsync(cancellationToken);
        _checkpointedEpoch = runtime.State.Epoch;
    }

    /// <summary>
    /// Applies a delta to the runtime state (identities, quarantines); definitions themselves arrive through
    /// commits, but a definition drops the quarantines of assets it no longer has (as the pure snapshot does).
    /// </summary>
    private void Absorb(PlantDelta delta)
    {
        var state = runtime.State;
        switch (delta)
        {
            case PlantDefinitionChanged changed:
                state.Quarantines = QuarantineRules.InForce(state.Quarantines.Values, changed.Plant)
                    .ToDictionary(q => q.Asset.Value, StringComparer.Ordinal);
                state.SegmentationEpoch = changed.Epoch;
                break;
            case QuarantineChanged quarantines:
                state.Quarantines = (quarantines.Quarantines ?? []).ToDictionary(q => q.Asset.Value, StringComparer.Ordinal);
                state.SegmentationEpoch = quarantines.Epoch;
                break;
            case IdentityChanged changed:
                state.Identities[changed.Identity.Id.Value] = changed.Identity;
                break;
            case IdentityRemoved removed:
                state.Identities.Remove(removed.Identity.Value);
                break;
            case AssetTrustChanged trust:
                state.AssetTrust ??= [];
                if (trust.Trust.Tier == Policy.Monitoring.Trust.TrustTier.Trusted)
                {
                    state.AssetTrust.Remove(trust.Trust.Asset.Value);
                }
                else
                {
                    state.AssetTrust[trust.Trust.Asset.Value] = trust.Trust;
                }

                break;
        }
    }

    private async Task PublishAsync(DeltaRecord record)
    {
        try
        {
            // A whole plant definition (megabytes for a large plant) does not fit a stream message: readers get a
            // notice with the epoch and read the delta itself from the log.
            var streamed = record.Payload.Length > DeltaStreams.MaxPayloadLength ? record with { Payload = string.Empty } : record;
            await this.GetStreamProvider(ProviderNames.PlantDeltaStreams).GetStream<DeltaRecord>(DeltaStreams.For(Id)).OnNextAsync(streamed);
        }
        catch (Exception ex)
        {
            // The log already holds it; views and enforcement points catch up from there.
            logger.LogWarning(ex, "Publishing delta {Epoch} of plant {Plant} failed; readers will catch up from the log", record.Epoch, Id);
        }
    }
}
