using ZtFleet.Grains.Hosting;
using ZtFleet.Grains.Quarantine;
using ZtFleet.Grains.Refusals;
using ZtFleet.Policy.Access;
using ZtFleet.Policy.Identifiers;
using ZtFleet.Policy.Segmentation;

namespace ZtFleet.Grains.Plants;

/// <summary>The plant's quarantine set: what enforcement reads (the quarantine workflows live in their own grains).</summary>
public sealed partial class PlantGrain
{
    public async Task<long> SetQuarantineAsync(AssetQuarantine quarantine, string? supersedes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(quarantine);
        if (definition.State.Current is not { } current)
        {
            throw new PreconditionFailedException($"Plant '{Id}' has no definition.");
        }

        var next = QuarantineRules.PutInForce(runtime.State.Quarantines.Values, current.Spec, quarantine, supersedes, out var refusal)
            ?? throw new PreconditionFailedException(refusal ?? "The quarantine cannot be put in force.");
        var epoch = await AppendAsync(new QuarantineChanged(0, default, next), $"quarantine:{quarantine.Id}:in-force", cancellationToken);
        await CheckpointIfDueAsync(cancellationToken);
        return epoch;
    }

    public async Task<long> LiftQuarantineAsync(AssetId asset, string quarantineId, CancellationToken cancellationToken = default)
    {
        // Appended even when the plant no longer holds it: a retry finds the first lift by its key and gets its
        // epoch; otherwise (the asset left the definition meanwhile) the unchanged set is harmless.
        var next = definition.State.Current is { } current
            ? QuarantineRules.Lift(runtime.State.Quarantines.Values, current.Spec, asset, quarantineId)
            : Sorted(runtime.State.Quarantines.Values);
        var epoch = await AppendAsync(new QuarantineChanged(0, default, next), $"quarantine:{quarantineId}:lifted", cancellationToken);
        await CheckpointIfDueAsync(cancellationToken);
        TellQuarantineLifted(asset);
        return epoch;
    }

    public Task<PlantQuarantines> GetQuarantinesAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new PlantQuarantines(Sorted(runtime.State.Quarantines.Values), runtime.State.Epoch));

    private static List<AssetQuarantine> Sorted(IEnumerable<AssetQuarantine> quarantines) =>
        quarantines.OrderBy(q => q.Asset.Value, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The workflows of quarantines a definition dropped (their asset is gone) learn of it one-way: a workflow may be
    /// calling this grain right now, and this grain's state, not theirs, is what enforcement reads.
    /// </summary>
    private void TellDroppedQuarantines(IReadOnlyList<AssetQuarantine> before)
    {
        foreach (var dropped in before.Where(q => !runtime.State.Quarantines.ContainsKey(q.Asset.Value)))
        {
            _ = GrainFactory.GetGrain<IQuarantineGrain>(GrainKeys.Quarantine(Id, dropped.Id)).AssetRemovedAsync(runtime.State.SegmentationEpoch);
        }
    }
}
